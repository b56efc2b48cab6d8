import Foundation
import StateStore
import Testing

@Suite("Journal", .timeLimit(.minutes(1)))
struct JournalTests {
    @Test("a group commit reports new and duplicate requests, within the group and across groups")
    func groupCommitWithDuplicates() async throws {
        try await withStore { store, _ in
            let first = try await store.journal([
                Fixtures.entry(id: "r1", offset: 0),
                Fixtures.entry(id: "r2", offset: 1),
                Fixtures.entry(id: "r1", offset: 2),  // the same id twice in one group
                Fixtures.entry(tenant: "other", id: "r1", offset: 3),  // ids are per tenant
            ])
            #expect(first.inserted == [Fixtures.key("r1"), Fixtures.key("r2"), Fixtures.key("r1", tenant: "other")])
            #expect(first.duplicates == [Fixtures.key("r1")])

            // Kafka re-delivers after a crash: the journal ignores what it has.
            var changed = Fixtures.entry(id: "r2", bytes: 999, offset: 1)
            changed.model = "another-model"
            let second = try await store.journal([changed, Fixtures.entry(id: "r3", offset: 4)])
            #expect(second.inserted == [Fixtures.key("r3")])
            #expect(second.duplicates == [Fixtures.key("r2")])
            let kept = try #require(try await store.request(tenant: "acme", id: "r2"))
            #expect(kept.entry.model == "claude-sonnet-4-5")
            #expect(kept.entry.byteSize == 400)
            #expect(try await store.requestCounts()[.pending] == 4)
            #expect(try await store.journal([]) == JournalOutcome())
        }
    }

    @Test("a journaled request reads back exactly as given")
    func roundTrip() async throws {
        try await withStore { store, _ in
            var entry = Fixtures.entry(id: "r1", priority: .high, deadline: 99_000, offset: 42, partition: 3)
            entry.kafkaKey = nil
            entry.headers = [
                RecordHeader(name: "traceparent", value: "00-abc-def-01"),
                RecordHeader(name: "tracestate", value: "vendor=x"),
            ]
            entry.endpoint = .embedding
            entry.event = Data([0, 1, 2, 255])
            _ = try await store.journal([entry])
            let record = try #require(try await store.request(tenant: "acme", id: "r1"))
            #expect(record.entry == entry)
            #expect(record.status == .pending)
            #expect(record.attempts == 0)
            #expect(record.lastError == nil)
            #expect(try await store.request(tenant: "acme", id: "missing") == nil)
        }
    }

    @Test("a group with one invalid entry writes nothing")
    func groupIsAtomic() async throws {
        try await withStore { store, _ in
            let bad = Fixtures.entry(id: "bad", bytes: -1)  // violates CHECK (byte_size >= 0)
            let error = await #expect(throws: StateStoreError.self) {
                try await store.journal([Fixtures.entry(id: "good"), bad])
            }
            #expect(error?.isConstraintViolation == true)
            #expect(error?.isRetriable == false)
            let good = try await store.request(tenant: "acme", id: "good")
            #expect(good == nil)
            #expect(try await store.requestCounts()[.pending] == 0)
        }
    }

    @Test("bucket stats sum the pending requests of each bucket")
    func bucketStats() async throws {
        try await withStore { store, _ in
            _ = try await store.journal([
                Fixtures.entry(id: "a1", bucket: "A", priority: .low, receivedAt: 500, tokens: 10, bytes: 100),
                Fixtures.entry(id: "a2", bucket: "A", priority: .high, deadline: 9_000, receivedAt: 300, tokens: 20, bytes: 200),
                Fixtures.entry(id: "a3", bucket: "A", deadline: 7_000, receivedAt: 900, tokens: 30, bytes: 300),
                Fixtures.entry(
                    id: "b1", bucket: "B", provider: "openai", model: "gpt-5-mini", endpoint: .embedding,
                    receivedAt: 100, tokens: 5, bytes: 50),
                Fixtures.entry(id: "c1", bucket: "C"),
            ])
            // A request that leaves pending leaves its bucket's stats.
            _ = try await store.planBatch(
                NewBatch(
                    provider: "anthropic", model: "claude-sonnet-4-5", endpoint: .chat, bucket: "C",
                    plan: Data(), items: [NewBatchItem(customID: "c", request: Fixtures.key("c1"))], createdAt: 1_000))

            let stats = try await store.pendingBuckets()
            var bucketA = BucketStats(
                bucket: "A", provider: "anthropic", model: "claude-sonnet-4-5", endpoint: .chat, count: 3,
                totalBytes: 600, totalEstimatedInputTokens: 60, oldestReceivedAt: 300,
                earliestDeadline: 7_000, highestPriority: .high)
            // Each priority's own oldest, so the flush policy can give each its own wait.
            bucketA.oldestByPriority = [.low: 500, .high: 300, .normal: 900]
            var bucketB = BucketStats(
                bucket: "B", provider: "openai", model: "gpt-5-mini", endpoint: .embedding, count: 1,
                totalBytes: 50, totalEstimatedInputTokens: 5, oldestReceivedAt: 100,
                earliestDeadline: nil, highestPriority: .normal)
            bucketB.oldestByPriority = [.normal: 100]
            #expect(stats == [bucketA, bucketB])
        }
    }

    @Test("pending requests come highest priority first, then oldest first, up to the limit")
    func pendingOrder() async throws {
        try await withStore { store, _ in
            _ = try await store.journal([
                Fixtures.entry(id: "normal-old", priority: .normal, receivedAt: 100),
                Fixtures.entry(id: "low-oldest", priority: .low, receivedAt: 50),
                Fixtures.entry(id: "high-new", priority: .high, receivedAt: 900),
                Fixtures.entry(id: "normal-new", priority: .normal, receivedAt: 500),
                Fixtures.entry(id: "high-old", priority: .high, receivedAt: 200),
                Fixtures.entry(id: "elsewhere", bucket: "other", priority: .high, receivedAt: 1),
            ])
            let all = try await store.pendingRequests(bucket: "anthropic/claude/chat/p1", limit: 10)
            #expect(all.map(\.key.requestID) == ["high-old", "high-new", "normal-old", "normal-new", "low-oldest"])
            let two = try await store.pendingRequests(bucket: "anthropic/claude/chat/p1", limit: 2)
            #expect(two.map(\.key.requestID) == ["high-old", "high-new"])
        }
    }

    @Test("journaled offsets are the highest per input partition")
    func offsets() async throws {
        try await withStore { store, _ in
            _ = try await store.journal([
                Fixtures.entry(id: "p0-a", offset: 7, partition: 0),
                Fixtures.entry(id: "p0-b", offset: 9, partition: 0),
                Fixtures.entry(id: "p1-a", offset: 3, partition: 1),
            ])
            #expect(
                try await store.journaledOffsets() == [
                    SourcePosition(topic: "llm.requests", partition: 0, offset: 9),
                    SourcePosition(topic: "llm.requests", partition: 1, offset: 3),
                ])
        }
    }

    @Test("writers in several tasks journal concurrently; each request lands exactly once")
    func concurrentWriters() async throws {
        try await withStore { store, _ in
            let writers = 8
            let perWriter = 50
            // Every writer journals its own requests in groups of 10, plus the shared ones that all
            // writers race on (as two consumers would after a rebalance).
            let outcomes = try await withThrowingTaskGroup(of: JournalOutcome.self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        var total = JournalOutcome()
                        for chunk in stride(from: 0, to: perWriter, by: 10) {
                            var entries = (chunk..<chunk + 10).map {
                                Fixtures.entry(id: "w\(writer)-\($0)", offset: Int64($0), partition: Int32(writer))
                            }
                            entries.append(Fixtures.entry(id: "shared-\(chunk)", offset: Int64(chunk)))
                            let outcome = try await store.journal(entries)
                            total.inserted += outcome.inserted
                            total.duplicates += outcome.duplicates
                        }
                        return total
                    }
                }
                var all: [JournalOutcome] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            let inserted = outcomes.flatMap(\.inserted)
            let duplicates = outcomes.flatMap(\.duplicates)
            let shared = perWriter / 10
            #expect(inserted.count == writers * perWriter + shared)
            #expect(Set(inserted).count == inserted.count)
            #expect(duplicates.count == (writers - 1) * shared)
            #expect(Set(duplicates.map(\.requestID)) == Set((0..<shared).map { "shared-\($0 * 10)" }))
            #expect(try await store.requestCounts()[.pending] == writers * perWriter + shared)
        }
    }
}
