import Foundation
import StateStore
import Testing

@Suite("Restart from SQLite alone", .timeLimit(.minutes(1)))
struct CrashRecoveryTests {
    /// Everything a restarted pipeline reads back, compared whole before and after.
    struct Snapshot: Equatable {
        var stats: StoreStats
        var requests: [RequestRecord?]
        var attempts: [[AttemptRecord]]
        var batches: [BatchRecord]
        var items: [[BatchItemRecord]]
        var ledger: [[LedgerEntry]]
        var outbox: [OutboxMessage]
        var buckets: [BucketStats]
        var due: [BatchRecord]
        var warm: [ProviderCacheRecord]
        var cached: CachedResponse?

        init(_ store: StateStore) async throws {
            stats = try await store.stats()
            let ids = (1...6).map { "r\($0)" }
            requests = []
            attempts = []
            for id in ids {
                requests.append(try await store.request(tenant: "acme", id: id))
                attempts.append(try await store.attempts(tenant: "acme", id: id))
            }
            batches = try await store.batches(inStates: Set(BatchRecord.State.allCases))
            items = []
            ledger = []
            for batch in batches {
                items.append(try await store.items(batchID: batch.id))
                ledger.append(try await store.ledgerEntries(batchID: batch.id))
            }
            outbox = try await store.unpublished(limit: 100)
            buckets = try await store.pendingBuckets()
            due = try await store.dueForPoll(now: 1_000_000)
            warm = try await store.warmPrefixes(provider: "anthropic", model: "claude-sonnet-4-5", now: 0)
            cached = try await store.cachedResponse(key: "k", now: 0)
        }
    }

    static let firstChunk = [
        ItemOutcome(
            customID: "c-r1", resolution: .completed(result: Fixtures.result("r1")),
            ledger: Fixtures.ledger("r1", providerBatchID: "msgbatch_A"))
    ]

    /// Leaves the store mid-flow: a batch half recorded, one mid-submit, one planned, a pending
    /// request, an unpublished result, a published alert, cache state.
    static func midFlow(_ store: StateStore) async throws -> (a: UUID, b: UUID, c: UUID) {
        _ = try await store.journal((1...6).map { Fixtures.entry(id: "r\($0)", offset: Int64($0)) })
        let a = try await store.planBatch(Fixtures.newBatch(["r1", "r2"]))
        _ = try await store.transition(a.id, from: .planned, to: .submitting, at: 2_100)
        _ = try await store.transition(
            a.id, from: .submitting, to: .submitted, at: 2_200, changes: BatchChanges(providerBatchID: "msgbatch_A"))
        _ = try await store.recordResults(batchID: a.id, firstChunk, at: 3_000, resultsCursor: 1)
        let b = try await store.planBatch(Fixtures.newBatch(["r3", "r4"]))
        _ = try await store.transition(b.id, from: .planned, to: .submitting, at: 3_100)
        let c = try await store.planBatch(Fixtures.newBatch(["r5"]))
        try await store.enqueue(
            [OutboxRecord(topic: "llm.alerts", key: nil, value: Data("{}".utf8), dedupeKey: "alert-1")], at: 3_200)
        let alert = try #require(try await store.unpublished(limit: 10).first { $0.topic == "llm.alerts" }?.id)
        try await store.markPublished(ids: [alert], at: 3_300)
        try await store.noteCacheWrite(
            provider: "anthropic", model: "claude-sonnet-4-5", prefixHash: "p", ttlSeconds: 3_600, at: 3_000)
        try await store.storeResponse(key: "k", response: Data("r".utf8), createdAt: 0, expiresAt: 10_000)
        return (a.id, b.id, c.id)
    }

    @Test("close and reopen mid-flow: everything is as it was, and the flow resumes")
    func closeAndReopen() async throws {
        try await withTemporaryDirectory { directory in
            let store = try await StateStore.open(directory: directory, logger: Fixtures.logger)
            let (a, b, c) = try await Self.midFlow(store)
            let before = try await Snapshot(store)
            try await store.close()

            let reopened = try await StateStore.open(directory: directory, logger: Fixtures.logger)
            let after = try await Snapshot(reopened)
            #expect(after == before)
            try await Self.resume(reopened, a: a, b: b, c: c)
            try await reopened.close()
        }
    }

    @Test("a crash image (the live files copied, never closed or checkpointed) restores the same state")
    func crashImage() async throws {
        try await withTemporaryDirectory { directory in
            let store = try await StateStore.open(directory: directory, logger: Fixtures.logger)
            let (a, b, c) = try await Self.midFlow(store)
            let before = try await Snapshot(store)

            // What a crash leaves on disk: the database and its WAL as they are now, no shared memory.
            let image = directory.deletingLastPathComponent().appendingPathComponent("image", isDirectory: true)
            try FileManager.default.createDirectory(at: image, withIntermediateDirectories: true)
            for suffix in ["", "-wal"] {
                let name = StateStore.databaseFileName + suffix
                try FileManager.default.copyItem(
                    at: directory.appendingPathComponent(name), to: image.appendingPathComponent(name))
            }
            let recovered = try await StateStore.open(directory: image, logger: Fixtures.logger)
            #expect(try await Snapshot(recovered) == before)
            try await Self.resume(recovered, a: a, b: b, c: c)
            try await recovered.close()
            try await store.close()
        }
    }

    /// What a restarted pipeline does: re-read batch A's results from the start (progress lost),
    /// adopt B's provider batch found by marker, submit C, and find r6 in its bucket.
    static func resume(_ store: StateStore, a: UUID, b: UUID, c: UUID) async throws {
        #expect(try await store.batch(id: a)?.resultsCursor == 1)
        let replay = try await store.recordResults(
            batchID: a,
            firstChunk + [
                ItemOutcome(
                    customID: "c-r2", resolution: .completed(result: Fixtures.result("r2")),
                    ledger: Fixtures.ledger("r2", providerBatchID: "msgbatch_A"))
            ], at: 5_000, resultsCursor: 2)
        #expect(replay.newLedgerRows == 1)
        #expect(replay.duplicateLedgerRows == 1)
        #expect(replay.completed == [Fixtures.key("r2")])
        #expect(replay.alreadyResolved == 1)
        _ = try await store.completeBatch(batchID: a, savings: [], at: 5_100)

        let submitting = try await store.batches(inStates: [.submitting])
        #expect(submitting.map(\.id) == [b])
        _ = try await store.transition(
            b, from: .submitting, to: .submitted, at: 5_200, changes: BatchChanges(providerBatchID: "msgbatch_B"))
        #expect(try await store.batches(inStates: [.planned]).map(\.id) == [c])
        #expect(try await store.pendingRequests(bucket: "anthropic/claude/chat/p1", limit: 10).map(\.key.requestID) == ["r6"])

        let totals = try #require(try await store.stats().ledger.first)
        #expect(totals.entryCount == 2)
        #expect(try await store.recomputedLedgerTotals() == [totals])
        #expect(try await store.unpublished(limit: 10).map(\.dedupeKey) == ["result:acme:r1", "result:acme:r2"])
    }
}
