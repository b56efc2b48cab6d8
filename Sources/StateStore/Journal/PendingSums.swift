internal import GRDB

/// What a poll round adds to the running per-bucket sums (`pending_buckets`), gathered while
/// the journal inserts and written as one upsert per bucket.
struct PendingSums {
    private struct Sums {
        var provider: String
        var model: String
        var endpoint: Endpoint
        var count = 0
        var bytes = 0
        var tokens = 0
        var byPriority = [0, 0, 0]
        var oldest: [Int64?] = [nil, nil, nil]
        var earliestDeadline: Int64?
    }

    private var buckets: [String: Sums] = [:]

    /// Counts a request the journal inserted as pending.
    mutating func add(_ entry: JournalEntry) {
        var sums = buckets[entry.bucket] ?? Sums(provider: entry.provider, model: entry.model, endpoint: entry.endpoint)
        let priority = entry.priority.rawValue
        sums.count += 1
        sums.bytes += entry.byteSize
        sums.tokens += entry.estimatedInputTokens
        sums.byPriority[priority] += 1
        sums.oldest[priority] = min(sums.oldest[priority] ?? entry.receivedAt, entry.receivedAt)
        if let deadline = entry.deadline { sums.earliestDeadline = min(sums.earliestDeadline ?? deadline, deadline) }
        buckets[entry.bucket] = sums
    }

    /// Adds the sums to `pending_buckets`, inside the journal's transaction.
    func write(_ db: Database) throws {
        guard !buckets.isEmpty else { return }
        let statement = try db.cachedStatement(sql: StateStore.addPendingSQL)
        for (bucket, sums) in buckets {
            try statement.execute(arguments: [
                bucket, sums.provider, sums.model, sums.endpoint, sums.count, sums.bytes, sums.tokens,
                sums.byPriority[0], sums.byPriority[1], sums.byPriority[2],
                sums.oldest[0], sums.oldest[1], sums.oldest[2], sums.earliestDeadline,
            ])
        }
    }
}
