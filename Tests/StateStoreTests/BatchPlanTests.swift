import Foundation
import StateStore
import Testing

/// Plans stay out of batch records and are read by id; unsent batches are counted per provider.
@Suite("Batch plans", .timeLimit(.minutes(1)))
struct BatchPlanTests {
    @Test("a plan is written once, survives every transition, and is read by id")
    func planByID() async throws {
        try await withStore { store, _ in
            _ = try await store.journal([Fixtures.entry(id: "r1")])
            var batch = Fixtures.newBatch(["r1"])
            batch.plan = Data(repeating: 7, count: 100_000)
            let planned = try await store.planBatch(batch)
            _ = try await store.transition(planned.id, from: .planned, to: .submitting, at: 2_100)
            _ = try await store.transition(
                planned.id, from: .submitting, to: .submitted, at: 2_200, changes: BatchChanges(providerBatchID: "b1"))
            #expect(try await store.plan(batchID: planned.id) == batch.plan)
            #expect(try await store.batches(inStates: [.submitted]).map(\.id) == [planned.id])
            await #expect(throws: StateStoreError.self) { try await store.plan(batchID: UUID()) }
        }
    }

    @Test("unsent batches are those planned or submitting, per provider, realtime groups aside")
    func unsentCounts() async throws {
        try await withStore { store, _ in
            _ = try await store.journal((1...5).map { Fixtures.entry(id: "r\($0)", offset: Int64($0)) })
            let first = try await store.planBatch(Fixtures.newBatch(["r1"]))
            _ = try await store.planBatch(Fixtures.newBatch(["r2"], provider: "openai"))
            _ = try await store.planBatch(Fixtures.newBatch(["r3"], kind: .realtime))
            let sending = try await store.planBatch(Fixtures.newBatch(["r4"]))
            _ = try await store.transition(sending.id, from: .planned, to: .submitting, at: 2_100)
            #expect(try await store.unsentBatchCounts() == ["anthropic": 2, "openai": 1])
            _ = try await store.transition(first.id, from: .planned, to: .submitting, at: 2_100)
            _ = try await store.transition(first.id, from: .submitting, to: .submitted, at: 2_200, changes: BatchChanges(providerBatchID: "b1"))
            #expect(try await store.unsentBatchCounts() == ["anthropic": 1, "openai": 1])
        }
    }
}
