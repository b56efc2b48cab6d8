import Foundation
internal import GRDB

extension JournalEntry {
    /// The intake's insert, one cached statement with its columns spelled out: every journaled
    /// record takes this path, and GRDB's generic record encoding (a dictionary per row, the
    /// headers through `JSONEncoder`) cost more than SQLite's own work.
    private static let insertSQL = """
        INSERT INTO requests (
            tenant, request_id, kafka_key, headers, source_topic, source_partition, source_offset, event, rendered,
            provider, model, endpoint, bucket, priority, deadline, received_at, estimated_input_tokens, byte_size,
            dedupe_key, task, document_id, metadata)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT DO NOTHING
        """

    /// The insert, prepared once per transaction (looking a cached statement up hashes its SQL).
    static func insertStatement(_ db: Database) throws -> Statement {
        try db.cachedStatement(sql: insertSQL)
    }

    /// Inserts the entry unless its (tenant, id) is journaled; every other constraint still throws.
    /// - Parameter statement: ``insertStatement(_:)`` of `db`.
    /// - Returns: Whether a row was inserted.
    func insertIgnoringDuplicate(_ db: Database, using statement: Statement) throws -> Bool {
        statement.setUncheckedArguments([
            tenant, requestID, kafkaKey, try headersJSON(), sourceTopic, sourcePartition, sourceOffset, event, rendered,
            provider, model, endpoint, bucket, priority, deadline, receivedAt, estimatedInputTokens, byteSize, dedupeKey,
            task, documentID, metadata,
        ])
        try statement.execute()
        return db.changesCount > 0
    }

    /// The headers column: a JSON array of `{name, value}`, as the record decoding reads it.
    private func headersJSON() throws -> String {
        guard !headers.isEmpty else { return "[]" }
        return String(decoding: try JSONEncoder().encode(headers), as: UTF8.self)
    }
}
