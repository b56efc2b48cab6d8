package import Foundation
internal import GRDB

extension StateStore {
    /// Records how each key of a finished batch fared. Idempotent per batch and key: a poller
    /// that records a batch again after a restart changes nothing.
    package func noteCacheRoutes(
        batchID: UUID, provider: String, model: String, samples: [CacheRouteSample], at: Int64
    ) async throws {
        guard !samples.isEmpty else { return }
        try await write("note cache routes") { db in
            for sample in samples where sample.requests > 0 {
                try db.execute(
                    sql: """
                        INSERT INTO cache_route_samples (batch_id, cache_key, provider, model, requests, misses, recorded_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (batch_id, cache_key) DO NOTHING
                        """,
                    arguments: [
                        batchID.storeText, sample.cacheKey, provider, model, sample.requests,
                        min(max(sample.misses, 0), sample.requests), at,
                    ])
            }
        }
    }

    /// The latest `limit` keys of a model that carried at least `minimumRequests` requests in one
    /// batch (more than the provider's routing serves warm from one machine), and their misses.
    package func cacheRouteOverflow(
        provider: String, model: String, minimumRequests: Int, limit: Int = 50
    ) async throws -> CacheRouteOverflow {
        try await read("cache route overflow") { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS keys, COALESCE(SUM(misses), 0) AS misses
                    FROM (
                        SELECT misses FROM cache_route_samples
                        WHERE provider = ? AND model = ? AND requests >= ?
                        ORDER BY recorded_at DESC
                        LIMIT ?
                    )
                    """,
                arguments: [provider, model, max(minimumRequests, 1), max(limit, 1)])
            return CacheRouteOverflow(keys: row?["keys"] ?? 0, misses: row?["misses"] ?? 0)
        }
    }

    /// Deletes up to `limit` samples recorded before `recordedBefore` that are not among the
    /// `keepLatest` latest of their model (``cacheRouteOverflow(provider:model:minimumRequests:limit:)``
    /// reads only the latest ones).
    ///
    /// - Returns: How many were deleted.
    @discardableResult
    package func pruneCacheRouteSamples(recordedBefore: Int64, keepLatest: Int, limit: Int) async throws -> Int {
        try await write("prune cache route samples") { db in
            try db.execute(
                sql: """
                    DELETE FROM cache_route_samples WHERE rowid IN (
                        SELECT rowid FROM (
                            SELECT rowid, recorded_at,
                                   ROW_NUMBER() OVER (PARTITION BY provider, model ORDER BY recorded_at DESC) AS rank
                            FROM cache_route_samples)
                        WHERE rank > ? AND recorded_at < ?
                        LIMIT ?)
                    """,
                arguments: [max(keepLatest, 0), recordedBefore, limit])
            return db.changesCount
        }
    }
}
