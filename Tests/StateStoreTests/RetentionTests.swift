import Foundation
import StateStore
import Testing

@Suite("Retention", .timeLimit(.minutes(1)))
struct RetentionTests {
    static let hour: Int64 = 3_600_000
    /// Blobs go an hour after a request finished, the key row two hours after.
    static let policy = RetentionPolicy(completed: .seconds(3_600), dedupeWindow: .seconds(7_200), chunk: 2)

    /// Marks every outbox record published at `at`.
    static func publishAll(_ store: StateStore, at: Int64) async throws {
        let ids = try await store.unpublished(limit: 10_000).compactMap(\.id)
        try await store.markPublished(ids: ids, at: at)
    }

    static func resolution(_ id: String) -> PendingResolution {
        PendingResolution(request: Fixtures.key(id), status: .completed, result: Fixtures.result(id))
    }

    @Test("blobs of a published request go after retention.completed, its key row after the dedupe window")
    func blobsThenKey() async throws {
        try await withStore { store, _ in
            // r1, r2 in a batch that finishes at 3 000; r3 answered directly; r4 pending; r5 in flight.
            let batchID = try await Fixtures.submittedBatch(store, ids: ["r1", "r2"])
            _ = try await store.journal(["r3", "r4", "r5"].map { Fixtures.entry(id: $0, offset: 10) })
            _ = try await store.resolvePending([Self.resolution("r3")], at: 3_000)
            let flight = try await store.planBatch(Fixtures.newBatch(["r5"], createdAt: 3_000))
            _ = try await store.recordResults(
                batchID: batchID,
                [
                    ItemOutcome(customID: "c-r1", resolution: .completed(result: Fixtures.result("r1")), ledger: Fixtures.ledger("r1")),
                    ItemOutcome(
                        customID: "c-r2", resolution: .failed(outcome: .errored, error: "bad", result: Fixtures.result("r2")),
                        ledger: Fixtures.ledger("r2")),
                ],
                at: 3_000)
            _ = try await store.completeBatch(batchID: batchID, savings: [], at: 3_000)
            let finished = try #require(try await store.request(tenant: "acme", id: "r1"))
            #expect(finished.status == .completed)

            // Results not yet published: nothing goes, however late.
            #expect(try await store.applyRetention(Self.policy, now: 3_000 + 10 * Self.hour).requestBlobsDropped == 0)
            #expect(try await store.request(tenant: "acme", id: "r1")?.entry.event.isEmpty == false)

            try await Self.publishAll(store, at: 3_500)
            #expect(try await store.markBatchPublished(batchID: batchID, at: 3_600))
            // Just before the horizon: kept.
            var report = try await store.applyRetention(Self.policy, now: 3_000 + Self.hour)
            #expect(report.requestBlobsDropped == 0 && report.requestsDeleted == 0)
            #expect(report.outboxDeleted == 3)  // published records go at once
            #expect(try await store.request(tenant: "acme", id: "r1")?.entry.rendered.isEmpty == false)

            // Past it: the blobs go, the rows and their figures stay.
            report = try await store.applyRetention(Self.policy, now: 3_000 + Self.hour + 1)
            #expect(report.requestBlobsDropped == 3)
            #expect(report.batchPlansDropped == 0)  // the batch finished (published) at 3 600
            #expect(try await store.applyRetention(Self.policy, now: 3_600 + Self.hour + 1).batchPlansDropped == 1)
            for id in ["r1", "r2", "r3"] {
                let record = try #require(try await store.request(tenant: "acme", id: id))
                #expect(record.entry.event.isEmpty && record.entry.rendered.isEmpty)
                #expect(record.entry.kafkaKey == nil && record.entry.headers.isEmpty && record.entry.metadata == nil)
                #expect(record.status.isFinal && record.entry.estimatedInputTokens == 100)
            }
            #expect(try await store.plan(batchID: batchID).isEmpty)
            // Pending and in-flight requests, and the in-flight batch, are untouched.
            #expect(try await store.request(tenant: "acme", id: "r4")?.entry.event.isEmpty == false)
            #expect(try await store.request(tenant: "acme", id: "r5")?.status == .planned)
            #expect(try await store.plan(batchID: flight.id).isEmpty == false)

            // Within the dedupe window a re-delivery is a duplicate.
            var outcome = try await store.journal([Fixtures.entry(id: "r1", offset: 99)])
            #expect(outcome.duplicates == [Fixtures.key("r1")])

            // Past it: the rows, their attempts and items go; the batch follows; totals stay.
            report = try await store.applyRetention(Self.policy, now: 3_600 + 2 * Self.hour + 1)
            #expect(report.requestsDeleted == 3)
            #expect(report.batchesDeleted == 1)
            #expect(try await store.request(tenant: "acme", id: "r1") == nil)
            #expect(try await store.attempts(tenant: "acme", id: "r1").isEmpty)
            #expect(try await store.batch(id: batchID) == nil)
            #expect(try await store.request(tenant: "acme", id: "r4")?.status == .pending)
            #expect(try await store.request(tenant: "acme", id: "r5")?.status == .planned)
            #expect(try await store.items(batchID: flight.id).count == 1)
            #expect(try await store.attempts(tenant: "acme", id: "r5").count == 1)
            let stats = try await store.stats()
            #expect(stats.requestsByStatus == [.pending: 1, .planned: 1, .completed: 2, .failed: 1])
            #expect(stats.batchesByState[.published] == 1 && stats.batchesByState[.planned] == 1)
            #expect(stats.ledger.first?.entryCount == 2)  // the ledger is kept
            #expect(try await store.ledgerEntries(batchID: batchID).count == 2)

            outcome = try await store.journal([Fixtures.entry(id: "r1", offset: 99)])
            #expect(outcome.inserted == [Fixtures.key("r1")])
        }
    }

    @Test("a finished request in a batch that is not final yet is kept")
    func liveBatchKeepsItsRequests() async throws {
        try await withStore { store, _ in
            let batchID = try await Fixtures.submittedBatch(store, ids: ["r1", "r2"])
            _ = try await store.recordResults(
                batchID: batchID, [ItemOutcome(customID: "c-r1", resolution: .completed(result: Fixtures.result("r1")))],
                at: 3_000)
            try await Self.publishAll(store, at: 3_100)
            let report = try await store.applyRetention(Self.policy, now: 3_000 + 10 * Self.hour)
            #expect(report.requestBlobsDropped == 0 && report.requestsDeleted == 0 && report.batchesDeleted == 0)
            #expect(try await store.request(tenant: "acme", id: "r1")?.entry.event.isEmpty == false)
            #expect(try await store.batch(id: batchID)?.state == .submitted)
        }
    }

    @Test("published outbox records are purged at once, unpublished ones kept")
    func outboxPurge() async throws {
        try await withStore { store, _ in
            try await store.enqueue((1...5).map { Fixtures.result("a\($0)") }, at: 100)
            let ids = try await store.unpublished(limit: 10).compactMap(\.id)
            try await store.markPublished(ids: Array(ids.prefix(3)), at: 200)
            let report = try await store.applyRetention(Self.policy, now: 200)
            #expect(report.outboxDeleted == 3)
            #expect(try await store.unpublished(limit: 10).compactMap(\.id) == Array(ids.suffix(2)))
            #expect(try await store.stats().outboxBacklog == 2)
        }
    }

    @Test("deletion runs in chunks of the policy's size until nothing is left")
    func chunked() async throws {
        try await withStore { store, _ in
            let ids = (0..<25).map { "r\($0)" }
            _ = try await store.journal(ids.enumerated().map { Fixtures.entry(id: $1, offset: Int64($0)) })
            _ = try await store.resolvePending(ids.map(Self.resolution), at: 3_000)
            try await Self.publishAll(store, at: 3_100)
            let late = 3_000 + 3 * Self.hour
            #expect(try await store.deleteFinishedRequests(finishedBefore: late, limit: 10) == 10)
            #expect(try await store.deleteFinishedRequests(finishedBefore: late, limit: 10) == 10)
            #expect(try await store.deleteFinishedRequests(finishedBefore: late, limit: 10) == 5)
            #expect(try await store.deleteFinishedRequests(finishedBefore: late, limit: 10) == 0)

            let more = (0..<7).map { "s\($0)" }
            _ = try await store.journal(more.enumerated().map { Fixtures.entry(id: $1, offset: Int64(100 + $0)) })
            _ = try await store.resolvePending(more.map(Self.resolution), at: 3_000)
            try await Self.publishAll(store, at: 3_100)
            let report = try await store.applyRetention(Self.policy, now: late)  // chunk of 2
            #expect(report.requestsDeleted == 7 && report.outboxDeleted == 25 + 7)
            #expect(try await store.stats().requestsByStatus[.completed] == 32)
        }
    }

    @Test("expired response-cache entries and old cache-route samples beyond the latest are pruned")
    func cachesAndSamples() async throws {
        try await withStore { store, _ in
            try await store.storeResponse(key: "old", response: Data("x".utf8), createdAt: 0, expiresAt: 1_000)
            try await store.storeResponse(key: "live", response: Data("y".utf8), createdAt: 0, expiresAt: 10 * Self.hour)
            for n in 0..<5 {
                try await store.noteCacheRoutes(
                    batchID: UUID(), provider: "openai", model: "gpt", samples: [CacheRouteSample(cacheKey: "k", requests: 40, misses: n)],
                    at: Int64(n))
            }
            var policy = Self.policy
            policy.cacheRouteSamplesKept = 2
            let report = try await store.applyRetention(policy, now: 2 * Self.hour)
            #expect(report.responsesDeleted == 1)
            #expect(report.samplesDeleted == 3)
            #expect(try await store.cachedResponse(key: "live", now: 2 * Self.hour) != nil)
            let overflow = try await store.cacheRouteOverflow(provider: "openai", model: "gpt", minimumRequests: 1)
            #expect(overflow.keys == 2 && overflow.misses == 3 + 4)
        }
    }
}
