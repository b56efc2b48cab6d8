import Foundation
import Logging
import Pipeline
import Planning
import StateStore
import Testing

/// Token calibration over a real store: the ledger's reported prompt tokens (uncached input plus
/// cache reads and writes) against the journal's estimates, per model, latest rows only.
@Suite("Token calibration", .timeLimit(.minutes(1)))
struct TokenCalibrationTests {
    @Test("reported against estimated tokens per model, over the latest rows, cached tokens included")
    func storeSample() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("calibration-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let logger = Logger(label: "calibration-test", factory: { _ in SwiftLogNoOpLogHandler() })
        let store = try await StateStore.open(directory: directory, logger: logger, durability: .normal)
        let at = Date().unixMilliseconds
        let ids = (0..<30).map { "r\($0)" }
        _ = try await store.journal(
            ids.enumerated().map { index, id in
                JournalEntry(
                    tenant: "acme", requestID: id, sourceTopic: "llm.requests", sourcePartition: 0,
                    sourceOffset: Int64(index), event: Data(), rendered: Data(), provider: "openai",
                    model: "gpt-5-mini", endpoint: .chat, bucket: "b", receivedAt: at - 10_000,
                    estimatedInputTokens: 1_000, byteSize: 10)
            })
        let batch = try await store.planBatch(
            NewBatch(
                provider: "openai", model: "gpt-5-mini", endpoint: .chat, bucket: "b", plan: Data(),
                items: ids.map { NewBatchItem(customID: "c-\($0)", request: RequestKey(tenant: "acme", requestID: $0)) },
                createdAt: at - 9_000))
        _ = try await store.transition(batch.id, from: .planned, to: .submitting, at: at - 8_000)
        _ = try await store.transition(
            batch.id, from: .submitting, to: .submitted, at: at - 7_000, changes: BatchChanges(providerBatchID: "batch_x"))
        // Each prompt: 300 uncached + 1,000 read = 1,300 reported for 1,000 estimated.
        _ = try await store.recordResults(
            batchID: batch.id,
            ids.map { id in
                let record = OutboxRecord(topic: "llm.results", key: nil, value: Data("{}".utf8), dedupeKey: "result/acme/\(id)")
                return ItemOutcome(
                    customID: "c-\(id)", resolution: .completed(result: record),
                    ledger: LedgerEntry(
                        provider: "openai", providerBatchID: "batch_x", customID: "c-\(id)", tenant: "acme", requestID: id,
                        model: "gpt-5-mini", mode: .batch, inputTokens: 300, cacheReadInputTokens: 1_000, outputTokens: 50,
                        actualUSD: 0, baselineUSD: 0))
            }, at: at - 1_000)

        let sample = try await store.tokenCalibration(provider: "openai", model: "gpt-5-mini", limit: 25)
        #expect(sample == TokenCalibrationSample(samples: 25, estimatedTokens: 25_000, reportedTokens: 32_500))
        let ratio = try #require(
            TokenEstimator.calibrationRatio(
                estimatedTokens: sample.estimatedTokens, reportedTokens: sample.reportedTokens, samples: sample.samples))
        #expect(abs(ratio - 1.3) < 1e-9)
        // Another model has no rows: nothing to calibrate with.
        let other = try await store.tokenCalibration(provider: "openai", model: "gpt-5-nano")
        #expect(other.samples == 0)
        #expect(TokenEstimator.calibrationRatio(estimatedTokens: 0, reportedTokens: 0, samples: other.samples) == nil)
    }
}
