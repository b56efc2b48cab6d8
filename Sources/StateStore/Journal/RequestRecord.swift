internal import GRDB

/// A journaled request as stored: the entry the intake gave, and where it is in its life.
package struct RequestRecord: Sendable, Hashable {
    package var entry: JournalEntry
    package var status: RequestStatus
    /// How many attempts have finished (any outcome); the next attempt is number `attempts + 1`.
    package var attempts: Int
    /// The error of the last unsuccessful attempt, if any.
    package var lastError: String?

    package init(entry: JournalEntry, status: RequestStatus, attempts: Int, lastError: String?) {
        self.entry = entry
        self.status = status
        self.attempts = attempts
        self.lastError = lastError
    }

    package var key: RequestKey { entry.key }
}

extension RequestRecord: FetchableRecord {
    static let databaseTableName = "requests"

    init(row: Row) throws {
        entry = try JournalEntry(row: row)
        status = try row.decode(RequestStatus.self, forColumn: "status")
        attempts = try row.decode(Int.self, forColumn: "attempts")
        lastError = try row.decode(String?.self, forColumn: "last_error")
    }
}
