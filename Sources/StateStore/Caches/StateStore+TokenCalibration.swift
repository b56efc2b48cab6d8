internal import GRDB

extension StateStore {
    /// Estimated against reported prompt tokens over a model's latest answered requests, so the
    /// planner can correct its characters-per-token rule with the provider's own counts.
    ///
    /// Reported prompt tokens are the normalized ledger's uncached input plus cache reads and
    /// writes (OpenAI and Gemini count cached tokens inside their prompt count, Anthropic beside
    /// it; the ledger already holds them apart). Rows without an estimate are left out.
    ///
    /// - Parameter limit: how many of the latest rows to sum.
    package func tokenCalibration(provider: String, model: String, limit: Int = 500) async throws -> TokenCalibrationSample {
        try await read("token calibration") { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS samples,
                           COALESCE(SUM(estimated), 0) AS estimated,
                           COALESCE(SUM(reported), 0) AS reported
                    FROM (
                        SELECT r.estimated_input_tokens AS estimated,
                               l.input_tokens + l.cache_read_input_tokens
                                   + l.cache_write_5m_input_tokens + l.cache_write_1h_input_tokens AS reported
                        FROM ledger l
                        JOIN requests r ON r.tenant = l.tenant AND r.request_id = l.request_id
                        WHERE l.provider = ? AND l.model = ? AND r.estimated_input_tokens > 0
                        ORDER BY l.recorded_at DESC
                        LIMIT ?
                    )
                    """,
                arguments: [provider, model, max(limit, 1)])
            return TokenCalibrationSample(
                samples: row?["samples"] ?? 0, estimatedTokens: row?["estimated"] ?? 0, reportedTokens: row?["reported"] ?? 0)
        }
    }
}
