import Foundation
import Logging
import Pipeline
import StateStore
import Testing

/// The retention service and the intake's wait for disk space, over a real store.
@Suite("Retention and a full disk", .timeLimit(.minutes(1)))
struct RetentionServiceTests {
    static let logger = Logger(label: "retention-test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func withStore(_ body: (StateStore) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("retention-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await StateStore.open(directory: directory, logger: logger, durability: .normal)
        try await body(store)
        try await store.close()
    }

    static func entry(_ id: String, size: Int = 16, at: Int64 = 1_000) -> JournalEntry {
        JournalEntry(
            tenant: "acme", requestID: id, sourceTopic: "llm.requests", sourcePartition: 0, sourceOffset: 0,
            event: Data(repeating: 0x61, count: size), rendered: Data("rendered".utf8), provider: "anthropic",
            model: "claude-sonnet-4-5", endpoint: .chat, bucket: "b", receivedAt: at, estimatedInputTokens: 10,
            byteSize: 10)
    }

    /// Polls `condition` until it holds or `timeout` passes (the test's own deadline).
    static func eventually(
        timeout: Duration = .seconds(20), _ condition: () async throws -> Bool
    ) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return try await condition()
    }

    @Test("the service's passes drop a published request's blobs once retention.completed has passed on its clock")
    func servicePrunes() async throws {
        try await Self.withStore { store in
            _ = try await store.journal([Self.entry("r1")])
            let result = OutboxRecord(topic: "llm.results", key: nil, value: Data("{}".utf8), dedupeKey: "result/acme/r1")
            _ = try await store.resolvePending(
                [PendingResolution(request: RequestKey(tenant: "acme", requestID: "r1"), status: .completed, result: result)],
                at: 2_000)
            try await store.markPublished(ids: try await store.unpublished(limit: 10).compactMap(\.id), at: 2_100)
            let policy = RetentionPolicy(completed: .seconds(60), dedupeWindow: .seconds(3_600))
            // A clock one minute past the finish: the blobs go, the key row stays.
            let service = RetentionService(
                store: store, policy: policy, interval: .milliseconds(20), now: { Date(unixMilliseconds: 2_000 + 60_001) },
                logger: Self.logger)
            let running = Task { try await service.run() }
            defer { running.cancel() }
            #expect(try await Self.eventually { try await store.request(tenant: "acme", id: "r1")?.entry.event.isEmpty == true })
            #expect(try await store.request(tenant: "acme", id: "r1")?.status == .completed)
            #expect(try await store.journal([Self.entry("r1")]).duplicates.count == 1)
            running.cancel()
            _ = await running.result

            let before = RetentionService(
                store: store, policy: policy, interval: .seconds(60), now: { Date(unixMilliseconds: 2_000 + 3_600_000) },
                logger: Self.logger)
            #expect(try await before.pass().requestsDeleted == 0)  // the dedupe window is not over yet
            let after = RetentionService(
                store: store, policy: policy, interval: .seconds(60), now: { Date(unixMilliseconds: 2_000 + 3_600_001) },
                logger: Self.logger)
            #expect(try await after.pass().requestsDeleted == 1)
            #expect(try await store.journal([Self.entry("r1")]).inserted.count == 1)
        }
    }

    @Test("a journal write refused for a full disk waits, paused, and goes through once space returns")
    func diskFullWaits() async throws {
        try await Self.withStore { store in
            try await store.setPageLimit(try await store.pageCount() + 30)
            var refused: JournalEntry?
            for n in 0..<500 {
                let entry = Self.entry("f\(n)", size: 64 * 1_024)
                do { _ = try await store.journal([entry]) } catch let error as StateStoreError where error.isDiskFull {
                    refused = entry
                    break
                }
            }
            let entry = try #require(refused)
            let counters = PipelineCounters()
            let wait = DiskFullWait(initialDelay: .milliseconds(5), maxDelay: .milliseconds(50))
            let journaling = Task {
                try await wait.run(counters: counters, metrics: PipelineMetrics(), logger: Self.logger) {
                    try await store.journal([entry])
                }
            }
            #expect(try await Self.eventually { counters.snapshot.intakePausedDiskFull })
            #expect(try await store.request(tenant: "acme", id: entry.requestID) == nil)
            try await store.setPageLimit(nil)
            let outcome = try await journaling.value
            #expect(outcome.inserted == [entry.key])
            #expect(!counters.snapshot.intakePausedDiskFull)
            #expect(counters.snapshot.diskFullRetries >= 1)
        }
    }
}
