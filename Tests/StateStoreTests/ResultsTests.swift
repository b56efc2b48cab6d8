import Foundation
import StateStore
import Testing

@Suite("Results and the exactly-once ledger", .timeLimit(.minutes(1)))
struct ResultsTests {
    static func chunk() -> [ItemOutcome] {
        [
            ItemOutcome(
                customID: "c-r1", resolution: .completed(result: Fixtures.result("r1")),
                ledger: Fixtures.ledger("r1", actual: "0.000123456789", baseline: "0.001")),
            ItemOutcome(
                customID: "c-r2",
                resolution: .failed(outcome: .errored, error: "invalid_request", result: Fixtures.result("r2")),
                ledger: Fixtures.ledger("r2", input: 5, cacheRead: 0, write5m: 700, write1h: 300, output: 0,
                                        actual: "0.0000000025", baseline: "0.0000000030")),
            ItemOutcome(customID: "c-r3", resolution: .retry(outcome: .expired, error: "expired in batch")),
        ]
    }

    @Test("recording the same chunk twice adds nothing the second time")
    func idempotent() async throws {
        try await withStore { store, _ in
            let id = try await Fixtures.submittedBatch(store, ids: ["r1", "r2", "r3"])
            let first = try await store.recordResults(batchID: id, Self.chunk(), at: 3_000, resultsCursor: 3)
            #expect(first.newLedgerRows == 2)
            #expect(first.duplicateLedgerRows == 0)
            #expect(first.newOutboxRecords == 2)
            #expect(first.completed == [Fixtures.key("r1")])
            #expect(first.failed == [Fixtures.key("r2")])
            #expect(first.requeued == [Fixtures.key("r3")])
            #expect(first.alreadyResolved == 0)
            let statsAfterFirst = try await store.stats()
            let outboxAfterFirst = try await store.unpublished(limit: 100)

            // A crash before the caller noted progress: the same chunk comes again.
            let second = try await store.recordResults(batchID: id, Self.chunk(), at: 4_000, resultsCursor: 3)
            #expect(second.newLedgerRows == 0)
            #expect(second.duplicateLedgerRows == 2)
            #expect(second.newOutboxRecords == 0)
            #expect(second.completed.isEmpty && second.failed.isEmpty && second.requeued.isEmpty)
            #expect(second.alreadyResolved == 3)
            #expect(try await store.stats() == statsAfterFirst)
            #expect(try await store.unpublished(limit: 100) == outboxAfterFirst)
            #expect(try await store.ledgerEntries(batchID: id).count == 2)
            #expect(try await store.request(tenant: "acme", id: "r3")?.attempts == 1)
            #expect(try await store.batch(id: id)?.resultsCursor == 3)
            _ = try await store.recordResults(batchID: id, [], at: 4_100, resultsCursor: 1)
            #expect(try await store.batch(id: id)?.resultsCursor == 3)  // never moved back
        }
    }

    @Test("ledger rows keep exact decimals and the running totals equal the recomputed sums")
    func exactLedger() async throws {
        try await withStore { store, _ in
            let id = try await Fixtures.submittedBatch(store, ids: ["r1", "r2", "r3"])
            _ = try await store.recordResults(batchID: id, Self.chunk(), at: 3_000)
            let rows = try await store.ledgerEntries(batchID: id)
            #expect(rows.map(\.customID) == ["c-r1", "c-r2"])
            #expect(rows[0].actualUSD == Decimal(string: "0.000123456789"))
            #expect(rows[1].actualUSD == Decimal(string: "0.0000000025"))
            #expect(rows[1].cacheWriteInputTokens == 1_000)
            #expect(rows[0].batchID == id)
            #expect(rows[0].recordedAt == 3_000)
            #expect(rows[0].tenant == "acme" && rows[0].requestID == "r1")

            let totals = try #require(try await store.stats().ledger.first)
            #expect(totals.entryCount == 2)
            #expect(totals.inputTokens == 15)
            #expect(totals.cacheReadInputTokens == 1_000)
            #expect(totals.cacheWrite5mInputTokens == 700)
            #expect(totals.cacheWrite1hInputTokens == 300)
            #expect(totals.outputTokens == 50)
            #expect(totals.actualUSD == Decimal(string: "0.0001234592890"))
            #expect(totals.baselineUSD == Decimal(string: "0.001000003"))
            #expect(totals.savedUSD == Decimal(string: "0.000876543711"))
            #expect(try await store.recomputedLedgerTotals() == [totals])
        }
    }

    @Test(
        "money round-trips exactly through TEXT",
        arguments: ["0", "0.000000001", "-0.25", "12345678901234567890.123456789012345678", "0.1000000000000000000000000000000000001"])
    func decimalRoundTrip(_ amount: String) async throws {
        try await withStore { store, _ in
            let id = try await Fixtures.submittedBatch(store, ids: ["r1"])
            _ = try await store.recordResults(
                batchID: id,
                [ItemOutcome(customID: "c-r1", resolution: .ledgerOnly, ledger: Fixtures.ledger("r1", actual: amount, baseline: amount))],
                at: 3_000)
            let row = try #require(try await store.ledgerEntries(batchID: id).first)
            let expected = try #require(Decimal(string: amount))
            #expect(row.actualUSD == expected)
            #expect(row.baselineUSD == expected)
            #expect(try await store.stats().ledger.first?.actualUSD == expected)
        }
    }

    @Test("many small amounts sum exactly, where Double would drift")
    func noFloatingPoint() async throws {
        try await withStore { store, _ in
            let ids = (0..<30).map { "r\($0)" }
            let id = try await Fixtures.submittedBatch(store, ids: ids)
            _ = try await store.recordResults(
                batchID: id,
                ids.map {
                    ItemOutcome(
                        customID: "c-\($0)", resolution: .completed(result: Fixtures.result($0)),
                        ledger: Fixtures.ledger($0, actual: "0.1", baseline: "0.3"))
                }, at: 3_000)
            let totals = try #require(try await store.stats().ledger.first)
            #expect(totals.actualUSD == Decimal(3))
            #expect(totals.baselineUSD == Decimal(9))
            #expect((0..<30).reduce(0.0) { sum, _ in sum + 0.1 } != 3.0)  // why this matters
        }
    }

    @Test("a retried request goes back to its bucket with attempts + 1, and its next attempt is number 2")
    func retryRequeues() async throws {
        try await withStore { store, _ in
            let id = try await Fixtures.submittedBatch(store, ids: ["r1"])
            let outcome = try await store.recordResults(
                batchID: id, [ItemOutcome(customID: "c-r1", resolution: .retry(outcome: .errored, error: "overloaded"))],
                at: 3_000)
            #expect(outcome.requeued == [Fixtures.key("r1")])
            let requeued = try #require(try await store.request(tenant: "acme", id: "r1"))
            #expect(requeued.status == .pending)
            #expect(requeued.attempts == 1)
            #expect(requeued.lastError == "overloaded")
            #expect(try await store.pendingBuckets().first?.count == 1)

            let again = try await store.planBatch(Fixtures.newBatch(["r1"], createdAt: 4_000))
            let attempts = try await store.attempts(tenant: "acme", id: "r1")
            #expect(attempts.map(\.attempt) == [1, 2])
            #expect(attempts.map(\.outcome) == [.errored, nil])
            #expect(attempts.map(\.batchID) == [id, again.id])
            #expect(attempts[0].error == "overloaded")
        }
    }

    @Test("unknown custom ids keep their ledger row; primer items record billing only")
    func unknownAndPrimer() async throws {
        try await withStore { store, _ in
            _ = try await store.journal([Fixtures.entry(id: "r1")])
            var batch = Fixtures.newBatch(["r1"])
            batch.items.append(NewBatchItem(customID: "primer", request: nil))
            _ = try await store.planBatch(batch)
            _ = try await store.transition(batch.id, from: .planned, to: .submitting, at: 2_100)
            _ = try await store.transition(
                batch.id, from: .submitting, to: .submitted, at: 2_200, changes: BatchChanges(providerBatchID: "b1"))
            var primerLedger = Fixtures.ledger("x", providerBatchID: "b1", write1h: 4_000)
            primerLedger.customID = "primer"
            primerLedger.tenant = nil
            primerLedger.requestID = nil
            var strayLedger = Fixtures.ledger("stray", providerBatchID: "b1")
            strayLedger.customID = "stray"
            let outcome = try await store.recordResults(
                batchID: batch.id,
                [
                    ItemOutcome(customID: "primer", resolution: .ledgerOnly, ledger: primerLedger),
                    ItemOutcome(customID: "stray", resolution: .completed(result: Fixtures.result("stray")), ledger: strayLedger),
                ], at: 3_000)
            #expect(outcome.newLedgerRows == 2)
            #expect(outcome.unknownCustomIDs == ["stray"])
            #expect(outcome.newOutboxRecords == 0)
            #expect(try await store.request(tenant: "acme", id: "r1")?.status == .planned)

            let mismatched = await #expect(throws: StateStoreError.self) {
                _ = try await store.recordResults(
                    batchID: batch.id, [ItemOutcome(customID: "c-r1", resolution: .ledgerOnly, ledger: strayLedger)],
                    at: 3_000)
            }
            #expect(mismatched?.isInvalidArgument == true)
        }
    }

    @Test("results are refused for a batch that is not submitted")
    func onlySubmitted() async throws {
        try await withStore { store, _ in
            let id = try await Fixtures.submittedBatch(store, ids: ["r1"])
            _ = try await store.completeBatch(batchID: id, savings: [], at: 3_000)
            let error = await #expect(throws: StateStoreError.self) {
                _ = try await store.recordResults(batchID: id, Self.chunk(), at: 3_100)
            }
            #expect(error?.isConflict == true)
            #expect(try await store.stats().ledger.isEmpty)
        }
    }

    @Test("completing a batch requeues items that got no result and enqueues its savings once")
    func completeBatch() async throws {
        try await withStore { store, _ in
            let id = try await Fixtures.submittedBatch(store, ids: ["r1", "r2"])
            _ = try await store.recordResults(
                batchID: id, [ItemOutcome(customID: "c-r1", resolution: .completed(result: Fixtures.result("r1")))],
                at: 3_000)
            let savings = OutboxRecord(
                topic: "llm.savings", key: Data("acme".utf8), value: Data("{}".utf8), dedupeKey: "savings:msgbatch_1:acme")
            let outcome = try await store.completeBatch(batchID: id, savings: [savings, savings], at: 3_100)
            #expect(outcome.batch.state == .ended)
            #expect(outcome.requeued == [Fixtures.key("r2")])
            #expect(outcome.newOutboxRecords == 1)
            let r2 = try #require(try await store.request(tenant: "acme", id: "r2"))
            #expect(r2.status == .pending)
            #expect(r2.lastError == "no result was recorded for the item")
            let outbox = try await store.unpublished(limit: 10)
            #expect(outbox.map(\.topic) == ["llm.results", "llm.savings"])
            #expect(outbox.allSatisfy { $0.batchID == id })
        }
    }

    @Test("pending requests resolved without a batch: cache answers and give-ups")
    func resolvePending() async throws {
        try await withStore { store, _ in
            _ = try await store.journal([Fixtures.entry(id: "cached"), Fixtures.entry(id: "hopeless"), Fixtures.entry(id: "busy")])
            _ = try await store.planBatch(Fixtures.newBatch(["busy"]))
            let outcome = try await store.resolvePending(
                [
                    PendingResolution(request: Fixtures.key("cached"), status: .completed, result: Fixtures.result("cached")),
                    PendingResolution(
                        request: Fixtures.key("hopeless"), status: .failed(error: "too many attempts"),
                        result: Fixtures.result("hopeless")),
                    PendingResolution(request: Fixtures.key("busy"), status: .completed, result: Fixtures.result("busy")),
                    PendingResolution(request: Fixtures.key("ghost"), status: .completed, result: Fixtures.result("ghost")),
                ], at: 5_000)
            #expect(outcome.resolved == [Fixtures.key("cached"), Fixtures.key("hopeless")])
            #expect(outcome.skipped == [Fixtures.key("busy"), Fixtures.key("ghost")])
            #expect(outcome.newOutboxRecords == 2)
            #expect(try await store.request(tenant: "acme", id: "cached")?.status == .completed)
            let hopeless = try #require(try await store.request(tenant: "acme", id: "hopeless"))
            #expect(hopeless.status == .failed)
            #expect(hopeless.lastError == "too many attempts")
            #expect(try await store.request(tenant: "acme", id: "busy")?.status == .planned)
        }
    }
}
