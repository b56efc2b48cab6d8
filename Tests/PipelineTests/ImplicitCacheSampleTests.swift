import Foundation
import Logging
import Pipeline
import Planning
import StateStore
import Testing

/// The evidence for Gemini's implicit hit share: items of fan-out batches that followed a primer
/// in their bucket, without an explicit cache, long enough to hit; and the planner's smoothing of
/// it toward the configured prior.
@Suite("Implicit cache sample", .timeLimit(.minutes(1)))
struct ImplicitCacheSampleTests {
    @Test("only primed fan-outs without an explicit cache count; hits are items that read anything")
    func storeSample() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("implicit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let logger = Logger(label: "implicit-test", factory: { _ in SwiftLogNoOpLogHandler() })
        let store = try await StateStore.open(directory: directory, logger: logger, durability: .normal)
        var at = Date().unixMilliseconds - 100_000

        /// A submitted batch of `kind` in `bucket` whose items read `reads` cached tokens each.
        func batch(_ bucket: String, kind: BatchKind, reads: [Int], prompt: Int = 5_000) async throws -> BatchRecord {
            at += 1_000
            let ids = reads.indices.map { "\(bucket)-\(kind.rawValue)-\(at)-\($0)" }
            let planned = try await store.planBatch(
                NewBatch(
                    provider: "gemini", model: "gemini-2.5-flash", endpoint: .chat, bucket: bucket, kind: kind, plan: Data(),
                    items: ids.map { NewBatchItem(customID: $0, request: nil) }, createdAt: at))
            _ = try await store.transition(planned.id, from: .planned, to: .submitting, at: at)
            let submitted = try await store.transition(
                planned.id, from: .submitting, to: .submitted, at: at, changes: BatchChanges(providerBatchID: "batches/\(at)")
            ).batch
            _ = try await store.recordResults(
                batchID: planned.id,
                zip(ids, reads).map { id, read in
                    ItemOutcome(
                        customID: id, resolution: .ledgerOnly,
                        ledger: LedgerEntry(
                            provider: "gemini", providerBatchID: "batches/\(at)", customID: id, tenant: "acme", requestID: id,
                            model: "gemini-2.5-flash", mode: .batch, inputTokens: prompt - read, cacheReadInputTokens: read,
                            outputTokens: 10, actualUSD: 0, baselineUSD: 0))
                }, at: at)
            return submitted
        }

        // Bucket p: a primer, then a fan-out with 3 hits of 5.
        _ = try await batch("p", kind: .primer, reads: [0])
        _ = try await batch("p", kind: .batch, reads: [4_000, 4_000, 0, 4_000, 0])
        // Too short to hit: not evidence.
        _ = try await batch("p", kind: .batch, reads: [0, 0], prompt: 500)
        // An explicit cache's batch in the same bucket: its reads are not implicit.
        let explicit = try await batch("p", kind: .batch, reads: [4_000, 4_000])
        try await store.recordOverhead(
            .cacheStorage(
                provider: "gemini", cacheName: "cachedContents/x", batchID: explicit.id, model: "gemini-2.5-flash", usd: 1),
            at: at)
        // Bucket q never had a primer: a cold batch, not evidence of primed hits.
        _ = try await batch("q", kind: .batch, reads: [0, 0, 0])

        let sample = try await store.implicitCacheSample(provider: "gemini", model: "gemini-2.5-flash", minimumPromptTokens: 1_024)
        #expect(sample == ImplicitCacheSample(requests: 5, hits: 3))
        let none = try await store.implicitCacheSample(provider: "gemini", model: "gemini-2.5-pro", minimumPromptTokens: 1_024)
        #expect(none == ImplicitCacheSample(requests: 0, hits: 0))
        try await store.close()
    }

    @Test("the prior holds without evidence and gives way to it as it grows")
    func smoothing() {
        let settings = PlannerSettings(expectedTurnaround: .seconds(3_600), geminiImplicitHitRatio: 0.5)
        #expect(settings.observedImplicitHitRatio(requests: 0, hits: 0) == 0.5)
        // 20 observations of prior weight: 5 of 5 hits moves it to 15/25.
        #expect(abs(settings.observedImplicitHitRatio(requests: 5, hits: 5) - 0.6) < 1e-12)
        #expect(settings.observedImplicitHitRatio(requests: 2_000, hits: 2_000) > 0.99)
        #expect(settings.observedImplicitHitRatio(requests: 2_000, hits: 0) < 0.01)
    }
}
