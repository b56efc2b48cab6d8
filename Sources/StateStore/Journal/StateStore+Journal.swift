internal import GRDB

extension StateStore {
    /// Journals a group of validated requests in ONE transaction (group commit).
    ///
    /// A request whose (tenant, id) is already journaled is left untouched and reported as a
    /// duplicate: that is a Kafka re-delivery after a crash or rebalance, and its offset may be
    /// stored like the others. Only once this returns may the group's offsets be stored.
    ///
    /// - Parameter entries: The group, in consumption order.
    /// - Returns: Which requests were new and which were duplicates.
    /// - Throws: ``StateStoreError``; nothing of the group is written then.
    package func journal(_ entries: [JournalEntry]) async throws -> JournalOutcome {
        try await journal(entries, rejecting: [])
    }

    /// Journals a group like ``journal(_:)`` and, in the SAME transaction, finishes the requests of
    /// `rejections` at once with their failed results: requests the intake accepted but that can
    /// never be sent (an unknown model of a known provider), so that a crash between the two steps
    /// cannot leave such a request pending. A rejection whose request is a duplicate is skipped:
    /// the first delivery already answered it.
    package func journal(_ entries: [JournalEntry], rejecting rejections: [PendingResolution]) async throws
        -> JournalOutcome
    {
        guard !entries.isEmpty else { return JournalOutcome() }
        let at = entries.map(\.receivedAt).max() ?? 0
        return try await write("journal \(entries.count) requests") { db in
            var outcome = JournalOutcome()
            var pending = PendingSums()
            let insert = try JournalEntry.insertStatement(db)
            for entry in entries {
                if try entry.insertIgnoringDuplicate(db, using: insert) {
                    outcome.inserted.append(entry.key)
                    pending.add(entry)
                } else {
                    outcome.duplicates.append(entry.key)
                }
            }
            try pending.write(db)
            let inserted = Set(outcome.inserted)
            for rejection in rejections where inserted.contains(rejection.request) {
                _ = try Self.resolve(db, rejection, at: at)
            }
            return outcome
        }
    }

    /// Per-bucket sums of the pending requests: what the accumulator decides on each pass. Read
    /// from the running aggregates (`pending_buckets`, kept by triggers), so a pass costs one row
    /// per bucket however many requests are pending.
    package func pendingBuckets() async throws -> [BucketStats] {
        try await read("pending buckets") { db in
            try BucketStats.fetchAll(
                db,
                sql: """
                    SELECT bucket, provider, model, endpoint, count, total_bytes, total_estimated_input_tokens,
                           MIN(COALESCE(oldest_low_received_at, 9223372036854775807),
                               COALESCE(oldest_normal_received_at, 9223372036854775807),
                               COALESCE(oldest_high_received_at, 9223372036854775807)) AS oldest_received_at,
                           oldest_low_received_at, oldest_normal_received_at, oldest_high_received_at,
                           earliest_deadline,
                           CASE WHEN count_high > 0 THEN 2 WHEN count_normal > 0 THEN 1 ELSE 0 END AS highest_priority
                    FROM pending_buckets
                    ORDER BY bucket, provider, model, endpoint
                    """)
        }
    }

    /// The pending requests of a bucket, highest priority first, then oldest first.
    ///
    /// - Parameters:
    ///   - bucket: The accumulator's bucket key.
    ///   - limit: At most this many.
    package func pendingRequests(bucket: String, limit: Int) async throws -> [RequestRecord] {
        try await read("pending requests") { db in
            try RequestRecord.fetchAll(
                db,
                sql: """
                    SELECT * FROM requests
                    WHERE status = 'pending' AND bucket = ?
                    ORDER BY priority DESC, received_at, tenant, request_id
                    LIMIT ?
                    """,
                arguments: [bucket, limit])
        }
    }

    /// One journaled request, or nil when it was never journaled.
    package func request(tenant: String, id: String) async throws -> RequestRecord? {
        try await read("request") { db in
            try RequestRecord.fetchOne(
                db, sql: "SELECT * FROM requests WHERE tenant = ? AND request_id = ?", arguments: [tenant, id])
        }
    }

    /// How many journaled requests are in each status (every status present, zero when none);
    /// finished requests that retention deleted still count under their final status.
    package func requestCounts() async throws -> [RequestStatus: Int] {
        try await read("request counts") { db in try Self.requestCounts(db) }
    }

    static func requestCounts(_ db: Database) throws -> [RequestStatus: Int] {
        var counts = Dictionary(uniqueKeysWithValues: RequestStatus.allCases.map { ($0, 0) })
        let rows = try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM requests GROUP BY status")
        for row in rows {
            counts[try row.decode(RequestStatus.self, forColumn: "status")] = try row.decode(Int.self, forColumn: "n")
        }
        for (status, count) in try retiredCounts(db, subject: "request") {
            guard let status = RequestStatus(rawValue: status) else { continue }
            counts[status, default: 0] += count
        }
        return counts
    }

    /// The highest offset journaled per input partition: where consumption may resume if Kafka's
    /// committed offsets were lost (what was journaled need not be read again). Only rows still
    /// kept count: a partition whose requests retention deleted is absent.
    package func journaledOffsets() async throws -> [SourcePosition] {
        try await read("journaled offsets") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT source_topic, source_partition, MAX(source_offset) AS offset
                    FROM requests GROUP BY source_topic, source_partition
                    ORDER BY source_topic, source_partition
                    """
            ).map { row in
                SourcePosition(
                    topic: try row.decode(String.self, forColumn: "source_topic"),
                    partition: try row.decode(Int32.self, forColumn: "source_partition"),
                    offset: try row.decode(Int64.self, forColumn: "offset"))
            }
        }
    }
}
