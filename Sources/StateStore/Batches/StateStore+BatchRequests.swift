package import Foundation
internal import GRDB

extension StateStore {
    /// The journaled requests a batch answers, by the item's custom id (primer and overhead items,
    /// which answer no request, are absent), to build result events without a query per item.
    package func requests(ofBatch batchID: UUID) async throws -> [String: RequestRecord] {
        try await read("requests of batch") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT batch_items.custom_id AS item_custom_id, requests.*
                    FROM batch_items JOIN requests
                      ON requests.tenant = batch_items.tenant AND requests.request_id = batch_items.request_id
                    WHERE batch_items.batch_id = ?
                    """,
                arguments: [batchID.storeText])
            var records: [String: RequestRecord] = [:]
            records.reserveCapacity(rows.count)
            for row in rows {
                records[row["item_custom_id"]] = try RequestRecord(row: row)
            }
            return records
        }
    }

    /// How each attempt of a batch ended, per tenant (open attempts are absent), for the request
    /// counts of the batch's savings events.
    package func attemptOutcomes(ofBatch batchID: UUID) async throws -> [String: [AttemptOutcome: Int]] {
        try await read("attempt outcomes of batch") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT tenant, outcome, COUNT(*) AS n FROM attempts
                    WHERE batch_id = ? AND outcome IS NOT NULL GROUP BY tenant, outcome
                    """,
                arguments: [batchID.storeText])
            var outcomes: [String: [AttemptOutcome: Int]] = [:]
            for row in rows {
                let tenant: String = row["tenant"]
                let outcome: AttemptOutcome = try row.decode(AttemptOutcome.self, forColumn: "outcome")
                outcomes[tenant, default: [:]][outcome] = row["n"]
            }
            return outcomes
        }
    }
}

extension StateStore {
    /// The most recently created batch of a bucket and kind (to see whether a prefix was primed).
    package func latestBatch(bucket: String, kind: BatchKind) async throws -> BatchRecord? {
        try await read("latest batch of bucket") { db in
            try BatchRecord.fetchOne(
                db, sql: "SELECT \(BatchRecord.columns) FROM batches WHERE bucket = ? AND kind = ? ORDER BY created_at DESC, rowid DESC LIMIT 1",
                arguments: [bucket, kind])
        }
    }
}
