internal import GRDB
internal import Logging

extension StateStore {
    /// Removes finished work past `policy` at `now`, one chunk per transaction until nothing is
    /// left: published outbox records, blobs of finished requests and plans of finished batches,
    /// then request rows past the dedupe window with their attempts and items, finished batches
    /// nothing refers to, expired response-cache entries and old cache-route samples.
    ///
    /// Never touches what the pipeline still needs: requests that are pending or planned, requests
    /// whose result is not yet published, requests of a batch that is not final, batches that are
    /// not final or still have unpublished outbox records or an explicit cache, unpublished outbox
    /// records. Ledger rows and their running totals are kept.
    ///
    /// - Parameters:
    ///   - policy: The retention in force.
    ///   - now: Unix ms.
    /// - Returns: What was removed.
    /// - Throws: ``StateStoreError``; chunks committed before the failure stay removed.
    @discardableResult
    package func applyRetention(_ policy: RetentionPolicy, now: Int64) async throws -> RetentionReport {
        let chunk = max(1, policy.chunk)
        let completedBefore = now - policy.completedMilliseconds
        let dedupeBefore = now - policy.dedupeWindowMilliseconds
        var report = RetentionReport()
        func drain(_ step: () async throws -> Int) async throws -> Int {
            var total = 0
            while true {
                let changed = try await step()
                total += changed
                if changed < chunk { return total }
            }
        }
        report.outboxDeleted = try await drain { try await purgePublished(before: now + 1, limit: chunk) }
        report.requestBlobsDropped = try await drain {
            try await dropRequestBlobs(finishedBefore: completedBefore, at: now, limit: chunk)
        }
        report.requestsDeleted = try await drain { try await deleteFinishedRequests(finishedBefore: dedupeBefore, limit: chunk) }
        report.batchPlansDropped = try await drain { try await dropBatchPlans(finishedBefore: completedBefore, limit: chunk) }
        report.batchesDeleted = try await drain { try await deleteFinishedBatches(finishedBefore: dedupeBefore, limit: chunk) }
        report.responsesDeleted = try await drain { try await purgeExpiredResponses(now: now, limit: chunk) }
        report.samplesDeleted = try await drain {
            try await pruneCacheRouteSamples(recordedBefore: completedBefore, keepLatest: policy.cacheRouteSamplesKept, limit: chunk)
        }
        if !report.isEmpty {
            logger.debug("Retention pass", metadata: [StateStoreLoggingKeys.retention: "\(report)"])
        }
        return report
    }

    /// Drops the blobs (event, rendered request, Kafka key, headers) of up to `limit` requests
    /// that finished before `finishedBefore` and whose result is published; the row, its status
    /// and its figures stay.
    ///
    /// - Returns: How many requests changed.
    @discardableResult
    package func dropRequestBlobs(finishedBefore: Int64, at: Int64, limit: Int) async throws -> Int {
        try await write("drop request blobs") { db in
            let before = try Self.publishedBefore(db, finishedBefore)
            try db.execute(
                sql: """
                    UPDATE requests SET event = X'', rendered = X'', kafka_key = NULL, headers = '[]', metadata = NULL, blobs_dropped_at = ?
                    WHERE rowid IN (
                        SELECT rowid FROM requests
                        WHERE finished_at IS NOT NULL AND blobs_dropped_at IS NULL AND finished_at < ?
                          AND \(Self.notInLiveBatch)
                        ORDER BY finished_at LIMIT ?)
                    """,
                arguments: [at, before, limit])
            return db.changesCount
        }
    }

    /// Deletes up to `limit` requests that finished before `finishedBefore` and whose result is
    /// published, with their attempts and batch items; their count moves to the retired totals so
    /// that ``stats()`` still counts them. A re-delivery of such a (tenant, id) is journaled anew.
    ///
    /// - Returns: How many requests were deleted.
    @discardableResult
    package func deleteFinishedRequests(finishedBefore: Int64, limit: Int) async throws -> Int {
        try await write("delete finished requests") { db in
            let before = try Self.publishedBefore(db, finishedBefore)
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT tenant, request_id, status FROM requests
                    WHERE finished_at IS NOT NULL AND finished_at < ? AND \(Self.notInLiveBatch)
                    ORDER BY finished_at LIMIT ?
                    """,
                arguments: [before, limit])
            var retired: [RequestStatus: Int] = [:]
            for row in rows {
                let arguments: StatementArguments = [row["tenant"] as String, row["request_id"] as String]
                try db.execute(sql: "DELETE FROM attempts WHERE tenant = ? AND request_id = ?", arguments: arguments)
                try db.execute(sql: "DELETE FROM batch_items WHERE tenant = ? AND request_id = ?", arguments: arguments)
                try db.execute(sql: "DELETE FROM requests WHERE tenant = ? AND request_id = ?", arguments: arguments)
                retired[try row.decode(RequestStatus.self, forColumn: "status"), default: 0] += 1
            }
            for (status, count) in retired { try Self.retire(db, subject: "request", state: status.rawValue, count: count) }
            return rows.count
        }
    }

    /// Drops the plan of up to `limit` final batches (published, failed, canceled) that finished
    /// before `finishedBefore` and serve no explicit cache.
    ///
    /// - Returns: How many batches changed.
    @discardableResult
    package func dropBatchPlans(finishedBefore: Int64, limit: Int) async throws -> Int {
        try await write("drop batch plans") { db in
            try db.execute(
                sql: """
                    UPDATE batches SET plan = X''
                    WHERE id IN (
                        SELECT id FROM batches
                        WHERE state IN \(Self.finalBatchStates) AND length(plan) > 0
                          AND COALESCE(published_at, ended_at, updated_at) < ?
                          AND NOT EXISTS (SELECT 1 FROM provider_caches c WHERE c.batch_id = batches.id)
                        LIMIT ?)
                    """,
                arguments: [finishedBefore, limit])
            return db.changesCount
        }
    }

    /// Deletes up to `limit` final batches that finished before `finishedBefore` and that nothing
    /// refers to any more: no request item or attempt (those go with their requests), no
    /// unpublished outbox record, no explicit cache. Their primer and overhead items go with them;
    /// their ledger rows stay.
    ///
    /// - Returns: How many batches were deleted.
    @discardableResult
    package func deleteFinishedBatches(finishedBefore: Int64, limit: Int) async throws -> Int {
        try await write("delete finished batches") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, state FROM batches
                    WHERE state IN \(Self.finalBatchStates)
                      AND COALESCE(published_at, ended_at, updated_at) < ?
                      AND NOT EXISTS (SELECT 1 FROM batch_items i WHERE i.batch_id = batches.id AND i.request_id IS NOT NULL)
                      AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.batch_id = batches.id)
                      AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.batch_id = batches.id AND o.published_at IS NULL)
                      AND NOT EXISTS (SELECT 1 FROM provider_caches c WHERE c.batch_id = batches.id)
                    ORDER BY created_at LIMIT ?
                    """,
                arguments: [finishedBefore, limit])
            var retired: [String: Int] = [:]
            for row in rows {
                let id: String = row["id"]
                try db.execute(sql: "DELETE FROM batch_items WHERE batch_id = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM batches WHERE id = ?", arguments: [id])
                retired[row["state"] as String, default: 0] += 1
            }
            for (state, count) in retired { try Self.retire(db, subject: "batch", state: state, count: count) }
            return rows.count
        }
    }

    // MARK: - Inside the transaction

    /// The final batch states, as an SQL list.
    private static let finalBatchStates = "('published', 'failed', 'canceled')"

    /// A request that no batch still working on it refers to (the poller reads a batch's requests
    /// until it is final).
    private static let notInLiveBatch = """
        NOT EXISTS (
            SELECT 1 FROM batch_items i JOIN batches b ON b.id = i.batch_id
            WHERE i.tenant = requests.tenant AND i.request_id = requests.request_id
              AND b.state NOT IN ('published', 'failed', 'canceled'))
        """

    /// `finishedBefore`, lowered so that only requests whose result is published qualify: a result
    /// is enqueued in the transaction that finishes its request, with `created_at` equal to the
    /// request's `finished_at`, so a request that finished before the oldest unpublished record
    /// was created has had its result delivered.
    private static func publishedBefore(_ db: Database, _ finishedBefore: Int64) throws -> Int64 {
        let oldest = try Int64.fetchOne(db, sql: "SELECT MIN(created_at) FROM outbox WHERE published_at IS NULL")
        return min(finishedBefore, oldest ?? .max)
    }

    /// Adds `count` deleted rows to the retired totals.
    private static func retire(_ db: Database, subject: String, state: String, count: Int) throws {
        try db.execute(
            sql: """
                INSERT INTO retired_counts (subject, state, count) VALUES (?, ?, ?)
                ON CONFLICT (subject, state) DO UPDATE SET count = count + excluded.count
                """,
            arguments: [subject, state, count])
    }

    /// Rows retention deleted, by final status or state, per subject (`request`, `batch`).
    static func retiredCounts(_ db: Database, subject: String) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT state, count FROM retired_counts WHERE subject = ?", arguments: [subject]) {
            counts[row["state"]] = row["count"]
        }
        return counts
    }
}
