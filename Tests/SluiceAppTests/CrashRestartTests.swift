import Emulator
import Foundation
import Pipeline
import Planning
import StateStore
import Testing

/// DESIGN §4: a crash at any point loses no accepted event and never submits a batch twice. Each
/// case stops an instance dead at one fail point, checks it left the state that point implies,
/// then starts a new instance on the same data directory and reads everything back downstream.
@Suite("Crash and restart at each stage", .timeLimit(.minutes(2)))
struct CrashRestartTests {
    /// The explicit cache point is only reached by a Gemini batch planned with one
    /// (`GeminiExplicitCacheTests`).
    @Test(
        "a crash loses nothing and submits nothing twice",
        arguments: FailPoints.Point.allCases.filter { $0 != .afterCacheCreate })
    func crashAndRestart(at point: FailPoints.Point) async throws {
        try await PipelineRig.with(speedup: 300) { rig in
            var pipeline = PipelineRig.pipeline()
            // Several result chunks per batch, so a crash can fall between two of them.
            pipeline.resultsChunk = 2
            let ids = try await rig.publishRequests(18)

            let first = try await rig.runUntilHalt(at: point, pipeline: pipeline)
            try await expectLeftBehind(point, store: first, emulator: rig.emulator)
            try await first.close()

            let seen = try await rig.runToCompletion(ids: ids, pipeline: pipeline)
            #expect(Set(seen.results.keys) == Set(ids))
            // Redeliveries carry the same ce_id: one logical result per request, and a success.
            #expect(seen.resultIDs.values.allSatisfy { $0.count == 1 })
            for (id, events) in seen.results {
                #expect(events.allSatisfy { $0.status == .succeeded }, "\(id): \(events.map(\.status))")
            }
            if point == .midPublish {
                // Delivered but not marked: the restart sends them again under the same ce_id.
                #expect(seen.redeliveredResults + seen.savingsDeliveries - seen.savings.count > 0)
            }
            // The provider billed each request once: no batch was created twice.
            let billed = rig.emulator.ledger().entries.compactMap(\.customID)
            #expect(billed.count == ids.count, "billed \(billed.count) items for \(ids.count) requests")
            #expect(Set(billed).count == billed.count)
            #expect(PipelineRig.agrees(seen.savingsTotal, rig.emulator.ledger().totalUSD))
        }
    }

    /// The stopped instance left exactly what its fail point promises, so the restart really
    /// recovers from that point rather than from wherever the pipeline happened to be.
    private func expectLeftBehind(_ point: FailPoints.Point, store: StateStore, emulator: RunningEmulator) async throws {
        let submitting = try await store.batches(inStates: [.submitting])
        switch point {
        case .afterJournal:
            #expect(try await store.stats().requestsByStatus.values.reduce(0, +) > 0)
            #expect(try await store.batches(inStates: Set(BatchRecord.State.allCases)).isEmpty)
        case .afterIntent:
            #expect(submitting.count == 1)
            #expect(emulator.ledger().entries.isEmpty)
        case .afterCacheCreate:
            // A cache exists at the provider under the batch's marker; no batch was created.
            #expect(submitting.count == 1)
            #expect(emulator.ledger().entries.allSatisfy { $0.mode == .cacheStorage })
        case .afterCreate:
            // Created at the provider, unknown locally: only reconcile-by-marker can find it.
            #expect(submitting.count == 1)
            #expect(submitting.allSatisfy { $0.providerBatchID == nil })
        case .midResults:
            let following = try await store.batches(inStates: [.submitted])
            var recorded = 0
            for batch in following { recorded += try await store.ledgerEntries(batchID: batch.id).count }
            #expect(recorded > 0, "a batch still submitted has some of its results recorded")
        case .midPublish:
            #expect(try await !store.unpublished(limit: 10).isEmpty)
        }
    }
}
