internal import GRDB

/// What Sluice believes is in a provider's prompt cache: one shared prefix of one model, and
/// until when it stays warm (the provider refreshes the TTL on each hit).
package struct ProviderCacheRecord: Sendable, Hashable, Codable {
    package var provider: String
    package var model: String
    package var prefixHash: String
    package var ttlSeconds: Int
    package var writtenAt: Int64
    /// Unix ms after which the prefix must be assumed cold.
    package var expiresAt: Int64
    package var lastHitAt: Int64?
    package var hitCount: Int
    /// The provider's name for an explicit cache (Gemini `cachedContents/…`), which must be
    /// deleted to stop storage billing.
    package var cacheName: String?
    /// The local batch an explicit cache was created for (it is deleted once that batch ends).
    package var batchID: String?

    package init(
        provider: String, model: String, prefixHash: String, ttlSeconds: Int, writtenAt: Int64, expiresAt: Int64,
        lastHitAt: Int64? = nil, hitCount: Int = 0, cacheName: String? = nil, batchID: String? = nil
    ) {
        self.provider = provider
        self.model = model
        self.prefixHash = prefixHash
        self.ttlSeconds = ttlSeconds
        self.writtenAt = writtenAt
        self.expiresAt = expiresAt
        self.lastHitAt = lastHitAt
        self.hitCount = hitCount
        self.cacheName = cacheName
        self.batchID = batchID
    }

    enum CodingKeys: String, CodingKey {
        case provider, model
        case prefixHash = "prefix_hash"
        case ttlSeconds = "ttl_seconds"
        case writtenAt = "written_at"
        case expiresAt = "expires_at"
        case lastHitAt = "last_hit_at"
        case hitCount = "hit_count"
        case cacheName = "cache_name"
        case batchID = "batch_id"
    }
}

extension ProviderCacheRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "provider_caches"
}
