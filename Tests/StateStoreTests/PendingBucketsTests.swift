import Foundation
import StateStore
import Testing

/// The running per-bucket sums (`pending_buckets`, kept by triggers) against sums computed from a
/// model of which requests are pending, over every way a request enters or leaves `pending`.
@Suite("Pending buckets", .timeLimit(.minutes(1)))
struct PendingBucketsTests {
    /// What the test believes is pending, and the sums that follows.
    struct Model {
        var pending: [String: JournalEntry] = [:]

        func expected() -> [BucketStats] {
            Dictionary(grouping: pending.values, by: \.bucket).map { bucket, entries in
                var stats = BucketStats(
                    bucket: bucket, provider: entries[0].provider, model: entries[0].model, endpoint: entries[0].endpoint,
                    count: entries.count, totalBytes: entries.map(\.byteSize).reduce(0, +),
                    totalEstimatedInputTokens: entries.map(\.estimatedInputTokens).reduce(0, +),
                    oldestReceivedAt: entries.map(\.receivedAt).min()!,
                    earliestDeadline: entries.compactMap(\.deadline).min(),
                    highestPriority: entries.map(\.priority).max { $0.rawValue < $1.rawValue }!)
                for priority in [RequestPriority.low, .normal, .high] {
                    if let oldest = entries.filter({ $0.priority == priority }).map(\.receivedAt).min() {
                        stats.oldestByPriority[priority] = oldest
                    }
                }
                return stats
            }
            .sorted { $0.bucket < $1.bucket }
        }
    }

    @Test("journal, plan, requeue and resolve keep the sums exact, minimums included")
    func randomWalk() async throws {
        try await withStore(durability: .normal) { store, _ in
            var generator = SplitMix(seed: 7)
            var model = Model()
            var planned: [UUID: [String]] = [:]
            var next = 0
            var smallest = Int.max
            var emptied = 0  // steps that ended with nothing pending
            let buckets = ["anthropic/claude/chat/a", "anthropic/claude/chat/b", "openai/gpt/chat/c"]
            for step in 0..<300 {
                switch generator.next() % 5 {
                case 0, 1:
                    // A poll round of up to 4 new requests, with mixed priorities, times and deadlines.
                    var entries: [JournalEntry] = []
                    for _ in 0..<(1 + Int(generator.next() % 4)) {
                        next += 1
                        let bucket = buckets[Int(generator.next() % 3)]
                        entries.append(
                            Fixtures.entry(
                                id: "r\(next)", bucket: bucket, provider: bucket.hasPrefix("openai") ? "openai" : "anthropic",
                                priority: [RequestPriority.low, .normal, .high][Int(generator.next() % 3)],
                                deadline: generator.next() % 3 == 0 ? Int64(5_000 + generator.next() % 1_000) : nil,
                                receivedAt: Int64(1_000 + generator.next() % 500), tokens: Int(generator.next() % 900),
                                bytes: Int(generator.next() % 4_000), offset: Int64(next)))
                    }
                    _ = try await store.journal(entries)
                    for entry in entries { model.pending[entry.requestID] = entry }
                case 2, 3:
                    // Some pending requests go out in a batch, or are answered without one.
                    let chosen = Array(model.pending.keys.sorted().shuffled(using: &generator).prefix(Int(generator.next() % 10)))
                    guard !chosen.isEmpty else { continue }
                    if generator.next() % 2 == 0 {
                        let batch = try await store.planBatch(Fixtures.newBatch(chosen, createdAt: Int64(step)))
                        planned[batch.id] = chosen
                        for id in chosen { model.pending[id] = nil }
                    } else {
                        _ = try await store.resolvePending(
                            chosen.map { PendingResolution(request: Fixtures.key($0), status: .completed, result: Fixtures.result($0)) },
                            at: Int64(step))
                        for id in chosen { model.pending[id] = nil }
                    }
                default:
                    // A planned batch fails: its requests come back as they were.
                    guard let (id, members) = planned.first else { continue }
                    planned[id] = nil
                    _ = try await store.transition(id, from: .planned, to: .canceled, at: Int64(step))
                    for member in members {
                        model.pending[member] = try #require(try await store.request(tenant: "acme", id: member)).entry
                    }
                }
                let actual = try await store.pendingBuckets()
                #expect(actual == model.expected(), "step \(step)")
                if actual != model.expected() { return }
                smallest = min(smallest, actual.map(\.count).min() ?? smallest)
                if actual.isEmpty { emptied += 1 }
            }
            // The walk must have reached the edges: a bucket down to one request, and none at all.
            #expect(smallest == 1)
            #expect(emptied > 0)
        }
    }

    @Test("a bucket's row goes when its last request leaves, and comes back with the next")
    func emptyBucketGoes() async throws {
        try await withStore { store, _ in
            _ = try await store.journal([Fixtures.entry(id: "r1", receivedAt: 10), Fixtures.entry(id: "r2", receivedAt: 5, offset: 1)])
            #expect(try await store.pendingBuckets().map(\.oldestReceivedAt) == [5])
            _ = try await store.planBatch(Fixtures.newBatch(["r2"]))
            #expect(try await store.pendingBuckets().map(\.oldestReceivedAt) == [10])
            _ = try await store.planBatch(Fixtures.newBatch(["r1"]))
            #expect(try await store.pendingBuckets().isEmpty)
            _ = try await store.journal([Fixtures.entry(id: "r3", receivedAt: 20, offset: 2)])
            #expect(try await store.pendingBuckets().map(\.count) == [1])
        }
    }
}

/// A small deterministic generator, so a failing walk can be replayed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
