internal import GRDB

extension StateStore {
    /// The implicit cache hits of a model's latest requests that were sent to read a primed
    /// prefix: batch items (not primers) of buckets that had a primer before, in batches without
    /// an explicit cache, whose prompt reached `minimumPromptTokens` (shorter ones cannot hit).
    ///
    /// Implicit caching has "no cost saving guarantee" and may not fire inside Gemini-API batches
    /// at all (providers.md §3.5); what the provider reported is the only evidence of how often
    /// it does.
    ///
    /// - Parameter limit: how many of the latest rows to count.
    package func implicitCacheSample(
        provider: String, model: String, minimumPromptTokens: Int, limit: Int = 500
    ) async throws -> ImplicitCacheSample {
        try await read("implicit cache sample") { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS requests, COALESCE(SUM(hit), 0) AS hits
                    FROM (
                        SELECT CASE WHEN l.cache_read_input_tokens > 0 THEN 1 ELSE 0 END AS hit
                        FROM ledger l
                        JOIN batches b ON b.id = l.batch_id
                        WHERE l.provider = ? AND l.model = ? AND l.mode = 'batch' AND l.tenant IS NOT NULL
                          AND b.kind = 'batch'
                          AND l.input_tokens + l.cache_read_input_tokens >= ?
                          AND EXISTS (
                              SELECT 1 FROM batches p
                              WHERE p.bucket = b.bucket AND p.kind = 'primer' AND p.created_at <= b.created_at)
                          AND NOT EXISTS (
                              SELECT 1 FROM ledger s WHERE s.batch_id = l.batch_id AND s.custom_id = ?)
                        ORDER BY l.recorded_at DESC
                        LIMIT ?
                    )
                    """,
                arguments: [provider, model, minimumPromptTokens, LedgerEntry.cacheStorageCustomID, max(limit, 1)])
            return ImplicitCacheSample(requests: row?["requests"] ?? 0, hits: row?["hits"] ?? 0)
        }
    }
}
