import Foundation
import StateStore
import Testing

@Suite("Batches", .timeLimit(.minutes(1)))
struct BatchTests {
    @Test("planned → submitting → submitted → ended → published, with times and provider id")
    func happyPath() async throws {
        try await withStore { store, _ in
            _ = try await store.journal([Fixtures.entry(id: "r1"), Fixtures.entry(id: "r2", offset: 1)])
            let planned = try await store.planBatch(Fixtures.newBatch(["r1", "r2"], createdAt: 2_000))
            #expect(planned.state == .planned)
            #expect(planned.itemCount == 2)
            #expect(planned.marker == "sluice-\(planned.id.uuidString.lowercased())")
            #expect(try await store.request(tenant: "acme", id: "r1")?.status == .planned)
            let attempts = try await store.attempts(tenant: "acme", id: "r1")
            #expect(attempts.count == 1)
            #expect(attempts.first?.attempt == 1)
            #expect(attempts.first?.batchID == planned.id)
            #expect(attempts.first?.customID == "c-r1")
            #expect(attempts.first?.finishedAt == nil)

            let submitting = try await store.transition(planned.id, from: .planned, to: .submitting, at: 2_100)
            #expect(submitting.batch.state == .submitting)
            let submitted = try await store.transition(
                planned.id, from: .submitting, to: .submitted, at: 2_200,
                changes: BatchChanges(providerBatchID: "msgbatch_1", providerStatus: "in_progress"))
            #expect(submitted.batch.providerBatchID == "msgbatch_1")
            #expect(submitted.batch.submittedAt == 2_200)
            #expect(submitted.batch.nextPollAt == 2_200)
            #expect(try await store.batch(provider: "anthropic", providerBatchID: "msgbatch_1")?.id == planned.id)
            #expect(try await store.batch(marker: planned.marker)?.id == planned.id)

            _ = try await store.recordResults(
                batchID: planned.id,
                [
                    ItemOutcome(customID: "c-r1", resolution: .completed(result: Fixtures.result("r1"))),
                    ItemOutcome(customID: "c-r2", resolution: .completed(result: Fixtures.result("r2"))),
                ], at: 3_000)
            let ended = try await store.completeBatch(batchID: planned.id, savings: [], at: 3_100)
            #expect(ended.batch.state == .ended)
            #expect(ended.batch.endedAt == 3_100)
            #expect(ended.batch.nextPollAt == nil)
            #expect(ended.requeued.isEmpty)

            #expect(try await store.markBatchPublished(batchID: planned.id, at: 3_200) == false)
            let ids = try await store.unpublished(limit: 10).compactMap(\.id)
            #expect(ids.count == 2)
            #expect(try await store.markPublished(ids: ids, at: 3_300) == 2)
            #expect(try await store.markBatchPublished(batchID: planned.id, at: 3_400))
            let published = try #require(try await store.batch(id: planned.id))
            #expect(published.state == .published)
            #expect(published.publishedAt == 3_400)
            #expect(published.submittedAt == 2_200)
            #expect(published.createdAt == 2_000)
            // Idempotent once published.
            #expect(try await store.markBatchPublished(batchID: planned.id, at: 9_999))
            #expect(try await store.batch(id: planned.id)?.publishedAt == 3_400)
        }
    }

    @Test("an illegal transition is rejected and changes nothing")
    func illegalTransition() async throws {
        try await withStore { store, _ in
            let id = try await Fixtures.submittedBatch(store, ids: ["r1"])
            let error = await #expect(throws: StateStoreError.self) {
                _ = try await store.transition(id, from: .submitted, to: .planned, at: 5_000)
            }
            #expect(error?.isIllegalTransition == true)
            #expect(error?.isRetriable == false)
            let published = await #expect(throws: StateStoreError.self) {
                _ = try await store.transition(id, from: .submitted, to: .published, at: 5_000)
            }
            #expect(published?.isIllegalTransition == true)
            #expect(try await store.batch(id: id)?.state == .submitted)
        }
    }

    @Test("a transition from a state the batch is not in loses the compare-and-set")
    func casConflict() async throws {
        try await withStore { store, _ in
            _ = try await store.journal([Fixtures.entry(id: "r1")])
            let batch = try await store.planBatch(Fixtures.newBatch(["r1"]))
            _ = try await store.transition(batch.id, from: .planned, to: .submitting, at: 2_100)
            // A second submitter that still thinks the batch is planned.
            let error = await #expect(throws: StateStoreError.self) {
                _ = try await store.transition(batch.id, from: .planned, to: .submitting, at: 2_150)
            }
            #expect(error?.isConflict == true)
            #expect(error?.isRetriable == false)
            let missing = await #expect(throws: StateStoreError.self) {
                _ = try await store.transition(UUID(), from: .planned, to: .submitting, at: 2_150)
            }
            #expect(missing?.isNotFound == true)
            #expect(try await store.batch(id: batch.id)?.updatedAt == 2_100)
        }
    }

    @Test("two racing transitions from the same state: exactly one wins")
    func racingTransitions() async throws {
        try await withStore { store, _ in
            _ = try await store.journal([Fixtures.entry(id: "r1")])
            let batch = try await store.planBatch(Fixtures.newBatch(["r1"]))
            let results = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<6 {
                    group.addTask {
                        let ok = try? await store.transition(
                            batch.id, from: .planned, to: index.isMultiple(of: 2) ? .submitting : .canceled,
                            at: 2_100)
                        return ok != nil
                    }
                }
                var wins = 0
                for await win in group where win { wins += 1 }
                return wins
            }
            #expect(results == 1)
        }
    }

    @Test("planBatch is all or nothing when one request is not pending")
    func planIsAtomic() async throws {
        try await withStore { store, _ in
            _ = try await store.journal([Fixtures.entry(id: "r1"), Fixtures.entry(id: "r2"), Fixtures.entry(id: "r3")])
            _ = try await store.planBatch(Fixtures.newBatch(["r2"]))
            let attempt = Fixtures.newBatch(["r1", "r2", "r3"])
            let error = await #expect(throws: StateStoreError.self) { _ = try await store.planBatch(attempt) }
            #expect(error?.isNotPending == true)
            #expect(try await store.batch(id: attempt.id) == nil)
            #expect(try await store.items(batchID: attempt.id).isEmpty)
            #expect(try await store.request(tenant: "acme", id: "r1")?.status == .pending)
            #expect(try await store.request(tenant: "acme", id: "r3")?.status == .pending)
            #expect(try await store.attempts(tenant: "acme", id: "r1").isEmpty)
            #expect(try await store.attempts(tenant: "acme", id: "r2").count == 1)

            // A request never journaled fails the plan the same way.
            let unknown = await #expect(throws: StateStoreError.self) {
                _ = try await store.planBatch(Fixtures.newBatch(["r1", "ghost"]))
            }
            #expect(unknown?.isNotPending == true)
            #expect(try await store.request(tenant: "acme", id: "r1")?.status == .pending)

            // Empty batches and repeated custom ids are refused before SQLite.
            let empty = await #expect(throws: StateStoreError.self) { _ = try await store.planBatch(Fixtures.newBatch([])) }
            #expect(empty?.isInvalidArgument == true)
            var repeated = Fixtures.newBatch(["r1", "r3"])
            repeated.items[1].customID = repeated.items[0].customID
            let repeatedError = await #expect(throws: StateStoreError.self) { _ = try await store.planBatch(repeated) }
            #expect(repeatedError?.isInvalidArgument == true)
        }
    }

    @Test("a provider batch id belongs to one batch per provider")
    func providerBatchIDUnique() async throws {
        try await withStore { store, _ in
            let first = try await Fixtures.submittedBatch(store, ids: ["r1"], providerBatchID: "batch_X")
            _ = try await store.journal([Fixtures.entry(id: "r2", offset: 5), Fixtures.entry(id: "r3", offset: 6)])
            let second = try await store.planBatch(Fixtures.newBatch(["r2"]))
            _ = try await store.transition(second.id, from: .planned, to: .submitting, at: 3_000)
            let error = await #expect(throws: StateStoreError.self) {
                _ = try await store.transition(
                    second.id, from: .submitting, to: .submitted, at: 3_100,
                    changes: BatchChanges(providerBatchID: "batch_X"))
            }
            #expect(error?.isConstraintViolation == true)
            #expect(try await store.batch(id: second.id)?.state == .submitting)
            #expect(try await store.batch(provider: "anthropic", providerBatchID: "batch_X")?.id == first)

            // The same id at another provider is another batch.
            let third = try await store.planBatch(Fixtures.newBatch(["r3"], provider: "openai"))
            _ = try await store.transition(third.id, from: .planned, to: .submitting, at: 3_000)
            _ = try await store.transition(
                third.id, from: .submitting, to: .submitted, at: 3_100, changes: BatchChanges(providerBatchID: "batch_X"))
            #expect(try await store.batch(provider: "openai", providerBatchID: "batch_X")?.id == third.id)
        }
    }

    @Test("submitting → planned keeps the requests planned; submitting → submitted adopts by marker")
    func submitterRecovery() async throws {
        try await withStore { store, _ in
            _ = try await store.journal([Fixtures.entry(id: "r1")])
            let batch = try await store.planBatch(Fixtures.newBatch(["r1"]))
            _ = try await store.transition(batch.id, from: .planned, to: .submitting, at: 2_100)
            let refused = try await store.transition(
                batch.id, from: .submitting, to: .planned, at: 2_200, changes: BatchChanges(error: "429 before create"))
            #expect(refused.batch.state == .planned)
            #expect(refused.batch.error == "429 before create")
            #expect(refused.requeued.isEmpty)
            #expect(try await store.request(tenant: "acme", id: "r1")?.status == .planned)
            #expect(try await store.attempts(tenant: "acme", id: "r1").map(\.finishedAt) == [nil])

            _ = try await store.transition(batch.id, from: .planned, to: .submitting, at: 2_300)
            let inFlight = try await store.batches(inStates: [.submitting])
            #expect(inFlight.map(\.id) == [batch.id])
            // After a crash: the provider's list shows a batch with our marker; adopt it.
            let adopted = try #require(try await store.batch(marker: inFlight[0].marker))
            let outcome = try await store.transition(
                adopted.id, from: .submitting, to: .submitted, at: 2_400,
                changes: BatchChanges(providerBatchID: "msgbatch_found", nextPollAt: 10_000))
            #expect(outcome.batch.providerBatchID == "msgbatch_found")
            #expect(outcome.batch.nextPollAt == 10_000)
            #expect(try await store.batches(inStates: [.submitting]).isEmpty)
        }
    }

    @Test("a failed or canceled batch puts its open requests back to pending with attempts + 1")
    func failedBatchRequeues() async throws {
        try await withStore { store, _ in
            let id = try await Fixtures.submittedBatch(store, ids: ["r1", "r2", "r3"])
            // r1 already has its final result; only r2 and r3 are open.
            _ = try await store.recordResults(
                batchID: id, [ItemOutcome(customID: "c-r1", resolution: .completed(result: Fixtures.result("r1")))],
                at: 2_500)
            let failed = try await store.transition(
                id, from: .submitted, to: .failed, at: 3_000, changes: BatchChanges(error: "batch expired"))
            #expect(failed.batch.state == .failed)
            #expect(failed.batch.endedAt == 3_000)
            #expect(Set(failed.requeued) == [Fixtures.key("r2"), Fixtures.key("r3")])
            let r2 = try #require(try await store.request(tenant: "acme", id: "r2"))
            #expect(r2.status == .pending)
            #expect(r2.attempts == 1)
            #expect(r2.lastError == "batch expired")
            let attempt = try #require(try await store.attempts(tenant: "acme", id: "r2").first)
            #expect(attempt.outcome == .errored)
            #expect(attempt.finishedAt == 3_000)
            #expect(try await store.request(tenant: "acme", id: "r1")?.status == .completed)

            _ = try await store.journal([Fixtures.entry(id: "r4", offset: 9)])
            let planned = try await store.planBatch(Fixtures.newBatch(["r4"]))
            let canceled = try await store.transition(planned.id, from: .planned, to: .canceled, at: 3_100)
            #expect(canceled.requeued == [Fixtures.key("r4")])
            #expect(try await store.attempts(tenant: "acme", id: "r4").first?.outcome == .canceled)
        }
    }

    @Test("due batches are the submitted ones whose next poll has come; polls are counted")
    func polling() async throws {
        try await withStore { store, _ in
            let a = try await Fixtures.submittedBatch(store, ids: ["a"], providerBatchID: "pa")
            _ = try await store.journal([Fixtures.entry(id: "b", offset: 10), Fixtures.entry(id: "c", offset: 11)])
            let b = try await store.planBatch(Fixtures.newBatch(["b"]))
            _ = try await store.transition(b.id, from: .planned, to: .submitting, at: 2_000)
            _ = try await store.transition(
                b.id, from: .submitting, to: .submitted, at: 2_000,
                changes: BatchChanges(providerBatchID: "pb", nextPollAt: 5_000))
            _ = try await store.planBatch(Fixtures.newBatch(["c"]))  // planned: never polled

            #expect(try await store.dueForPoll(now: 2_199).isEmpty)
            #expect(try await store.dueForPoll(now: 2_200).map(\.id) == [a])
            try await store.recordPoll(a, at: 2_300, nextPollAt: 6_000, providerStatus: "in_progress")
            #expect(try await store.dueForPoll(now: 5_000).map(\.id) == [b.id])
            #expect(try await store.dueForPoll(now: 6_000).map(\.id) == [b.id, a])
            let polled = try #require(try await store.batch(id: a))
            #expect(polled.pollCount == 1)
            #expect(polled.lastPolledAt == 2_300)
            #expect(polled.providerStatus == "in_progress")

            _ = try await store.completeBatch(batchID: a, savings: [], at: 7_000)
            #expect(try await store.dueForPoll(now: 99_000).map(\.id) == [b.id])
            let late = await #expect(throws: StateStoreError.self) {
                try await store.recordPoll(a, at: 7_100, nextPollAt: 8_000)
            }
            #expect(late?.isConflict == true)
        }
    }

    @Test("items keep planning order; primer items need no request")
    func itemsAndPrimers() async throws {
        try await withStore { store, _ in
            _ = try await store.journal([Fixtures.entry(id: "z"), Fixtures.entry(id: "a")])
            var batch = Fixtures.newBatch(["z", "a"])
            batch.items.insert(NewBatchItem(customID: "primer-0", request: nil), at: 0)
            _ = try await store.planBatch(batch)
            let items = try await store.items(batchID: batch.id)
            #expect(items.map(\.customID) == ["primer-0", "c-z", "c-a"])
            #expect(items.map(\.request) == [nil, Fixtures.key("z"), Fixtures.key("a")])
            #expect(try await store.batch(id: batch.id)?.itemCount == 3)
            #expect(try await store.batches(inStates: [.planned]).map(\.id) == [batch.id])
            #expect(try await store.batches(inStates: []).isEmpty)
        }
    }
}
