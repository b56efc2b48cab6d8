package import Foundation
internal import GRDB

extension StateStore {
    /// Adds records to the outbox on their own (alerts, or anything not tied to a batch step).
    /// A record whose dedupe key is already in the outbox is ignored.
    ///
    /// - Returns: How many records were new.
    @discardableResult
    package func enqueue(_ records: [OutboxRecord], at: Int64) async throws -> Int {
        guard !records.isEmpty else { return 0 }
        return try await write("enqueue \(records.count) outbox records") { db in
            var inserted = 0
            for record in records where try db.insertIgnoringDuplicate(OutboxMessage(record, batchID: nil, createdAt: at)) {
                inserted += 1
            }
            return inserted
        }
    }

    /// Ends a batch: `submitted → ended` and its savings events into the outbox, in ONE transaction.
    ///
    /// Call it after the last result chunk is recorded. Any request of the batch still without an
    /// outcome goes back to `pending` (see ``transition(_:from:to:at:changes:)``).
    ///
    /// - Throws: ``StateStoreError`` `isConflict` when the batch is not `submitted`.
    package func completeBatch(
        batchID: UUID, savings: [OutboxRecord], at: Int64, providerStatus: String? = nil
    ) async throws -> TransitionOutcome {
        try await write("complete batch \(batchID)") { db in
            var outcome = try Self.transition(
                db, batchID, BatchTransition(from: .submitted, to: .ended), at: at,
                changes: BatchChanges(providerStatus: providerStatus))
            for record in savings where try db.insertIgnoringDuplicate(OutboxMessage(record, batchID: batchID, createdAt: at)) {
                outcome.newOutboxRecords += 1
            }
            return outcome
        }
    }

    /// The oldest unpublished records, in publishing (id) order.
    package func unpublished(limit: Int) async throws -> [OutboxMessage] {
        try await read("unpublished outbox") { db in
            try OutboxMessage.fetchAll(
                db, sql: "SELECT * FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT ?", arguments: [limit])
        }
    }

    /// Marks records delivered (on the producer's delivery reports). Already published ones keep
    /// their first time.
    ///
    /// - Returns: How many records changed.
    @discardableResult
    package func markPublished(ids: [Int64], at: Int64) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await write("mark \(ids.count) outbox records published") { db in
            var changed = 0
            // Chunked to stay under SQLite's bound-parameter limit.
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = Array(ids[start..<min(start + 500, ids.count)])
                try db.execute(
                    sql: """
                        UPDATE outbox SET published_at = ?
                        WHERE published_at IS NULL AND id IN (\(databaseQuestionMarks(count: chunk.count)))
                        """,
                    arguments: StatementArguments([at] + chunk))
                changed += db.changesCount
            }
            return changed
        }
    }

    /// Moves an `ended` batch to `published` once every outbox record of it is delivered.
    ///
    /// - Returns: True when the batch is `published` (now or already); false while some of its
    ///   records are still unpublished.
    /// - Throws: ``StateStoreError`` `isIllegalTransition` when the batch is neither `ended` nor
    ///   `published`.
    package func markBatchPublished(batchID: UUID, at: Int64) async throws -> Bool {
        try await write("mark batch \(batchID) published") { db in
            let batch = try Self.fetchBatch(db, batchID)
            if batch.state == .published { return true }
            guard batch.state == .ended else {
                throw StateStoreError.illegalTransition(
                    BatchTransition(from: batch.state, to: .published), batchID: batchID)
            }
            let waiting = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM outbox WHERE batch_id = ? AND published_at IS NULL",
                arguments: [batchID.storeText]) ?? 0
            guard waiting == 0 else { return false }
            _ = try Self.transition(
                db, batchID, BatchTransition(from: .ended, to: .published), at: at, changes: BatchChanges())
            return true
        }
    }

    /// Deletes up to `limit` records published before `before` (retention purges every published
    /// record this way, promptly: nothing reads them once Kafka has them); unpublished ones are
    /// never deleted.
    ///
    /// - Returns: How many were deleted.
    @discardableResult
    package func purgePublished(before: Int64, limit: Int = 1_000) async throws -> Int {
        try await write("purge published outbox") { db in
            try db.execute(
                sql: """
                    DELETE FROM outbox WHERE id IN (
                        SELECT id FROM outbox WHERE published_at IS NOT NULL AND published_at < ? ORDER BY id LIMIT ?)
                    """,
                arguments: [before, limit])
            return db.changesCount
        }
    }
}
