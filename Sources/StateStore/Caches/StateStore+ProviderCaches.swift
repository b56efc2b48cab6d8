internal import GRDB

extension StateStore {
    /// Notes that a prefix was written to a provider's prompt cache at `at` with a TTL: it is warm
    /// until `at + ttl`. A later write replaces an earlier one (and keeps the hit count).
    package func noteCacheWrite(
        provider: String, model: String, prefixHash: String, ttlSeconds: Int, at: Int64, cacheName: String? = nil
    ) async throws {
        guard ttlSeconds > 0 else { throw StateStoreError.invalidArgument("cache TTL must be positive") }
        try await write("note cache write") { db in
            try db.execute(
                sql: """
                    INSERT INTO provider_caches
                        (provider, model, prefix_hash, ttl_seconds, written_at, expires_at, cache_name)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (provider, model, prefix_hash) DO UPDATE SET
                        ttl_seconds = excluded.ttl_seconds,
                        written_at = excluded.written_at,
                        expires_at = MAX(expires_at, excluded.expires_at),
                        cache_name = COALESCE(excluded.cache_name, cache_name)
                    """,
                arguments: [
                    provider, model, prefixHash, ttlSeconds, at, at + Int64(ttlSeconds) * 1000, cacheName,
                ])
        }
    }

    /// Notes a cache hit at `at`: providers refresh the TTL on a hit, so the prefix stays warm until
    /// `at + ttl` (never shortened).
    ///
    /// - Returns: False when the prefix was never noted as written (nothing is recorded then).
    @discardableResult
    package func noteCacheHit(provider: String, model: String, prefixHash: String, at: Int64) async throws -> Bool {
        try await write("note cache hit") { db in
            try db.execute(
                sql: """
                    UPDATE provider_caches SET
                        expires_at = MAX(expires_at, ? + ttl_seconds * 1000),
                        last_hit_at = ?,
                        hit_count = hit_count + 1
                    WHERE provider = ? AND model = ? AND prefix_hash = ?
                    """,
                arguments: [at, at, provider, model, prefixHash])
            return db.changesCount == 1
        }
    }

    /// The prefixes of a model still warm at `now`, the longest-lived first.
    package func warmPrefixes(provider: String, model: String, now: Int64) async throws -> [ProviderCacheRecord] {
        try await read("warm prefixes") { db in
            try ProviderCacheRecord.fetchAll(
                db,
                sql: """
                    SELECT * FROM provider_caches WHERE provider = ? AND model = ? AND expires_at > ?
                    ORDER BY expires_at DESC, prefix_hash
                    """,
                arguments: [provider, model, now])
        }
    }

    /// Deletes the prefixes expired at `now`.
    ///
    /// - Returns: The deleted rows (the caller may still need to delete a named explicit cache
    ///   at the provider).
    @discardableResult
    package func purgeExpiredProviderCaches(now: Int64) async throws -> [ProviderCacheRecord] {
        try await write("purge provider caches") { db in
            try ProviderCacheRecord.fetchAll(
                db, sql: "DELETE FROM provider_caches WHERE expires_at <= ? RETURNING *", arguments: [now])
        }
    }
}
