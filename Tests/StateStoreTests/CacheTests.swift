import Foundation
import StateStore
import Testing

@Suite("Response cache and provider prompt caches", .timeLimit(.minutes(1)))
struct CacheTests {
    @Test("a cached response is served until it expires, then purged")
    func responseCache() async throws {
        try await withStore { store, _ in
            try await store.storeResponse(key: "h1", response: Data("answer".utf8), createdAt: 1_000, expiresAt: 61_000)
            try await store.storeResponse(key: "h2", response: Data("other".utf8), createdAt: 1_000, expiresAt: 5_000)
            #expect(try await store.cachedResponse(key: "h1", now: 60_999)?.response == Data("answer".utf8))
            #expect(try await store.cachedResponse(key: "h1", now: 61_000) == nil)
            #expect(try await store.cachedResponse(key: "missing", now: 0) == nil)

            // Storing again replaces the response and its expiry.
            try await store.storeResponse(key: "h1", response: Data("newer".utf8), createdAt: 2_000, expiresAt: 90_000)
            #expect(try await store.cachedResponse(key: "h1", now: 61_000)?.response == Data("newer".utf8))

            #expect(try await store.purgeExpiredResponses(now: 5_000) == 1)
            #expect(try await store.purgeExpiredResponses(now: 5_000) == 0)
            #expect(try await store.cachedResponse(key: "h1", now: 3_000) != nil)
            let invalid = await #expect(throws: StateStoreError.self) {
                try await store.storeResponse(key: "h3", response: Data(), createdAt: 10, expiresAt: 10)
            }
            #expect(invalid?.isInvalidArgument == true)
        }
    }

    @Test("a prefix is warm for its TTL after a write; hits refresh it; expired ones are purged")
    func providerCaches() async throws {
        try await withStore { store, _ in
            let minute: Int64 = 60_000
            try await store.noteCacheWrite(provider: "anthropic", model: "m", prefixHash: "p5m", ttlSeconds: 300, at: 0)
            try await store.noteCacheWrite(provider: "anthropic", model: "m", prefixHash: "p1h", ttlSeconds: 3_600, at: 0)
            try await store.noteCacheWrite(
                provider: "gemini", model: "m", prefixHash: "g", ttlSeconds: 600, at: 0, cacheName: "cachedContents/abc")

            #expect(try await store.warmPrefixes(provider: "anthropic", model: "m", now: 4 * minute).map(\.prefixHash) == ["p1h", "p5m"])
            #expect(try await store.warmPrefixes(provider: "anthropic", model: "m", now: 5 * minute).map(\.prefixHash) == ["p1h"])

            // A hit at minute 4 keeps the 5-minute prefix warm until minute 9.
            #expect(try await store.noteCacheHit(provider: "anthropic", model: "m", prefixHash: "p5m", at: 4 * minute))
            let refreshed = try await store.warmPrefixes(provider: "anthropic", model: "m", now: 8 * minute)
            #expect(refreshed.map(\.prefixHash) == ["p1h", "p5m"])
            let p5m = try #require(refreshed.last)
            #expect(p5m.expiresAt == 9 * minute)
            #expect(p5m.hitCount == 1)
            #expect(p5m.lastHitAt == 4 * minute)
            // A hit on the 1-hour prefix at minute 1 keeps it until minute 61; a hit reported late
            // (from minute 0) never shortens that.
            #expect(try await store.noteCacheHit(provider: "anthropic", model: "m", prefixHash: "p1h", at: minute))
            #expect(try await store.warmPrefixes(provider: "anthropic", model: "m", now: 0).first?.expiresAt == 61 * minute)
            #expect(try await store.noteCacheHit(provider: "anthropic", model: "m", prefixHash: "p1h", at: 0))
            #expect(try await store.warmPrefixes(provider: "anthropic", model: "m", now: 0).first?.expiresAt == 61 * minute)
            #expect(try await store.noteCacheHit(provider: "anthropic", model: "m", prefixHash: "never", at: 0) == false)

            let purged = try await store.purgeExpiredProviderCaches(now: 10 * minute)
            #expect(Set(purged.map(\.prefixHash)) == ["p5m", "g"])
            #expect(purged.first { $0.prefixHash == "g" }?.cacheName == "cachedContents/abc")
            #expect(try await store.warmPrefixes(provider: "gemini", model: "m", now: 0).isEmpty)
            #expect(try await store.warmPrefixes(provider: "anthropic", model: "m", now: 10 * minute).map(\.prefixHash) == ["p1h"])

            // Writing again restarts the TTL and keeps the hit count.
            try await store.noteCacheWrite(provider: "anthropic", model: "m", prefixHash: "p1h", ttlSeconds: 3_600, at: 30 * minute)
            let rewritten = try #require(try await store.warmPrefixes(provider: "anthropic", model: "m", now: 0).first)
            #expect(rewritten.expiresAt == 90 * minute)
            #expect(rewritten.writtenAt == 30 * minute)
            #expect(rewritten.hitCount == 2)
        }
    }
}
