internal import GRDB

extension Database {
    /// Inserts `record` unless a row with the same primary key or UNIQUE value exists.
    ///
    /// This is `INSERT … ON CONFLICT DO NOTHING`, not GRDB's `onConflict: .ignore` (`INSERT OR
    /// IGNORE`), which would also swallow CHECK and NOT NULL violations: only a duplicate is
    /// ignored, every other constraint still throws.
    ///
    /// - Returns: Whether a row was inserted.
    func insertIgnoringDuplicate<Record: EncodableRecord & TableRecord>(_ record: Record) throws -> Bool {
        let values = try record.databaseDictionary
        // Sorted so that the SQL text, and therefore the cached statement, is the same every time.
        let columns = values.keys.sorted()
        let sql = """
            INSERT INTO \(Record.databaseTableName.quotedDatabaseIdentifier) \
            (\(columns.map(\.quotedDatabaseIdentifier).joined(separator: ", "))) \
            VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", "))) \
            ON CONFLICT DO NOTHING
            """
        let statement = try cachedStatement(sql: sql)
        try statement.execute(arguments: StatementArguments(columns.map { values[$0] ?? .null }))
        return changesCount > 0
    }
}
