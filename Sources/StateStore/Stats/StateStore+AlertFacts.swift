internal import GRDB

extension StateStore {
    /// Attempts finished and tokens billed since `since` (Unix ms), for the alert rules.
    package func alertFacts(since: Int64) async throws -> AlertFacts {
        try await read("alert facts") { db in
            let attempts = try Row.fetchAll(
                db,
                sql: """
                    SELECT attempts.tenant AS tenant, batches.provider AS provider, batches.model AS model,
                           SUM(attempts.outcome = 'succeeded') AS succeeded,
                           SUM(attempts.outcome IN ('errored', 'expired')) AS failed
                    FROM attempts JOIN batches ON batches.id = attempts.batch_id
                    WHERE attempts.finished_at >= ?
                    GROUP BY attempts.tenant, batches.provider, batches.model
                    """,
                arguments: [since]
            ).map { row in
                AlertFacts.Attempts(
                    tenant: row["tenant"], provider: row["provider"], model: row["model"], succeeded: row["succeeded"],
                    failed: row["failed"])
            }
            let billing = try Row.fetchAll(
                db,
                sql: """
                    SELECT provider, model, COUNT(*) AS n, SUM(input_tokens) AS input,
                           SUM(cache_read_input_tokens) AS cache_read,
                           SUM(cache_write_5m_input_tokens + cache_write_1h_input_tokens) AS cache_write,
                           SUM(output_tokens) AS output
                    FROM ledger WHERE recorded_at >= ? GROUP BY provider, model
                    """,
                arguments: [since]
            ).map { row in
                AlertFacts.Billing(
                    provider: row["provider"], model: row["model"], rows: row["n"], inputTokens: row["input"],
                    cacheReadInputTokens: row["cache_read"], cacheWriteInputTokens: row["cache_write"],
                    outputTokens: row["output"])
            }
            return AlertFacts(attempts: attempts, billing: billing)
        }
    }
}
