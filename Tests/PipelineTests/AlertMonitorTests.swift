import Foundation
import Logging
import Pipeline
import Planning
import StateStore
import Testing

/// The alert monitor over a real store: a failing batch fires a failure-rate alert into the
/// outbox once, as a valid `llm.alerts` event, and nothing more while it keeps firing.
@Suite("Alert monitor", .timeLimit(.minutes(1)))
struct AlertMonitorTests {
    @Test("failed attempts above the threshold fire one failure-rate alert, enqueued for llm.alerts")
    func failureRateFires() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("alerts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let logger = Logger(label: "alerts-test", factory: { _ in SwiftLogNoOpLogHandler() })
        let store = try await StateStore.open(directory: directory, logger: logger, durability: .normal)
        let now = Date()
        let at = now.unixMilliseconds
        let ids = (0..<10).map { "r\($0)" }
        _ = try await store.journal(
            ids.enumerated().map { index, id in
                JournalEntry(
                    tenant: "acme", requestID: id, sourceTopic: "llm.requests", sourcePartition: 0,
                    sourceOffset: Int64(index), event: Data(), rendered: Data(), provider: "anthropic",
                    model: "claude-sonnet-4-5", endpoint: .chat, bucket: "b", receivedAt: at - 1_000,
                    estimatedInputTokens: 10, byteSize: 10)
            })
        let batch = try await store.planBatch(
            NewBatch(
                provider: "anthropic", model: "claude-sonnet-4-5", endpoint: .chat, bucket: "b", plan: Data(),
                items: ids.map { NewBatchItem(customID: "c-\($0)", request: RequestKey(tenant: "acme", requestID: $0)) },
                createdAt: at - 900))
        _ = try await store.transition(batch.id, from: .planned, to: .submitting, at: at - 800)
        _ = try await store.transition(
            batch.id, from: .submitting, to: .submitted, at: at - 700, changes: BatchChanges(providerBatchID: "msgbatch_x"))
        // Four of ten fail for good: 40% against a 5% threshold.
        _ = try await store.recordResults(
            batchID: batch.id,
            ids.enumerated().map { index, id in
                let record = OutboxRecord(topic: "llm.results", key: nil, value: Data("{}".utf8), dedupeKey: "result/acme/\(id)")
                return ItemOutcome(
                    customID: "c-\(id)",
                    resolution: index < 4 ? .failed(outcome: .errored, error: "overloaded", result: record) : .completed(result: record))
            }, at: at - 500)

        let monitor = AlertMonitor(
            store: store, thresholds: AlertThresholds(minimumSample: 5),
            results: ResultBuilder(topic: "llm.results", source: "urn:sluice:test"), topic: "llm.alerts",
            publisher: Doorbell(), logger: logger)
        let fired = try await monitor.pass(now: now)
        #expect(fired.map(\.kind) == [.failureRate])
        #expect(fired.first?.state == .firing)
        #expect(abs((fired.first?.observed ?? 0) - 0.4) < 1e-9)
        let outbox = try await store.unpublished(limit: 100).filter { $0.topic == "llm.alerts" }
        #expect(outbox.count == 1)
        let event = try AlertEvent.decodeValidated(from: try #require(outbox.first).value)
        #expect(event.tenant == "acme")
        #expect(outbox.first?.headers.contains { $0.name == "ce_type" && $0.value == "llm.alert.v1" } == true)
        // Still firing: no new transition, nothing new in the outbox.
        #expect(try await monitor.pass(now: now.addingTimeInterval(1)).isEmpty)
        #expect(try await store.unpublished(limit: 100).filter { $0.topic == "llm.alerts" }.count == 1)
        try await store.close()
    }
}
