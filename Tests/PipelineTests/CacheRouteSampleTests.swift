import Foundation
import Logging
import StateStore
import Testing

/// The evidence for what an overflowing OpenAI key costs: per batch and key, requests and misses.
@Suite("Cache route samples", .timeLimit(.minutes(1)))
struct CacheRouteSampleTests {
    @Test("recorded once per batch and key; only keys at or above the routing's load count, latest first")
    func overflow() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("routes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let logger = Logger(label: "routes-test", factory: { _ in SwiftLogNoOpLogHandler() })
        let store = try await StateStore.open(directory: directory, logger: logger, durability: .normal)
        let first = UUID()
        let samples = [
            CacheRouteSample(cacheKey: "a", requests: 40, misses: 6),
            CacheRouteSample(cacheKey: "a~1", requests: 14, misses: 0),
        ]
        try await store.noteCacheRoutes(batchID: first, provider: "openai", model: "gpt-5-mini", samples: samples, at: 1_000)
        // A poller that records the batch again after a restart adds nothing.
        try await store.noteCacheRoutes(batchID: first, provider: "openai", model: "gpt-5-mini", samples: samples, at: 2_000)
        try await store.noteCacheRoutes(
            batchID: UUID(), provider: "openai", model: "gpt-5-mini",
            samples: [CacheRouteSample(cacheKey: "b", requests: 20, misses: 2)], at: 3_000)
        try await store.noteCacheRoutes(
            batchID: UUID(), provider: "openai", model: "gpt-5",
            samples: [CacheRouteSample(cacheKey: "c", requests: 50, misses: 30)], at: 4_000)

        let overflow = try await store.cacheRouteOverflow(provider: "openai", model: "gpt-5-mini", minimumRequests: 15)
        #expect(overflow == CacheRouteOverflow(keys: 2, misses: 8))
        let latest = try await store.cacheRouteOverflow(provider: "openai", model: "gpt-5-mini", minimumRequests: 15, limit: 1)
        #expect(latest == CacheRouteOverflow(keys: 1, misses: 2))
        let none = try await store.cacheRouteOverflow(provider: "openai", model: "gpt-4.1", minimumRequests: 15)
        #expect(none == CacheRouteOverflow(keys: 0, misses: 0))
        try await store.close()
    }
}
