package import Foundation
internal import GRDB
internal import Logging

extension StateStore {
    /// Commits a planned batch: the batch (`planned`), its items, an open attempt per request, and
    /// every request `pending → planned`, in ONE transaction.
    ///
    /// All or nothing: if any request is not pending (already planned elsewhere, resolved, or never
    /// journaled), nothing is written.
    ///
    /// - Returns: The stored batch.
    /// - Throws: ``StateStoreError`` — `isNotPending` naming the first request that was not
    ///   pending, `isInvalidArgument` for an empty batch or repeated custom ids or requests,
    ///   `isConstraintViolation` for a reused id or marker.
    package func planBatch(_ batch: NewBatch) async throws -> BatchRecord {
        guard !batch.items.isEmpty else { throw StateStoreError.invalidArgument("batch \(batch.id) has no items") }
        guard Set(batch.items.map(\.customID)).count == batch.items.count else {
            throw StateStoreError.invalidArgument("batch \(batch.id) repeats a custom id")
        }
        let requests = batch.items.compactMap(\.request)
        guard Set(requests).count == requests.count else {
            throw StateStoreError.invalidArgument("batch \(batch.id) repeats a request")
        }
        let record = BatchRecord(
            id: batch.id, provider: batch.provider, model: batch.model, endpoint: batch.endpoint,
            bucket: batch.bucket, kind: batch.kind, mode: batch.mode, state: .planned, marker: batch.marker,
            providerBatchID: nil, providerStatus: nil, itemCount: batch.items.count,
            createdAt: batch.createdAt, submittedAt: nil, endedAt: nil, publishedAt: nil,
            updatedAt: batch.createdAt, error: nil, nextPollAt: nil, lastPolledAt: nil, pollCount: 0,
            resultsCursor: 0)
        try await write("plan batch \(batch.id)") { db in
            try PlannedBatchRow(record: record, plan: batch.plan).insert(db)
            for item in batch.items {
                let itemRecord = BatchItemRecord(
                    batchID: batch.id, customID: item.customID, tenant: item.request?.tenant,
                    requestID: item.request?.requestID)
                guard let key = item.request else {
                    try itemRecord.insert(db)
                    continue
                }
                // Checked before the item insert, whose foreign key would otherwise report an
                // unknown request as a bare constraint violation.
                let row = try Row.fetchOne(
                    db, sql: "SELECT status, attempts FROM requests WHERE tenant = ? AND request_id = ?",
                    arguments: [key.tenant, key.requestID])
                let status = try row.map { try $0.decode(RequestStatus.self, forColumn: "status") }
                guard let row, status == .pending else { throw StateStoreError.notPending(key, status: status) }
                try itemRecord.insert(db)
                try db.execute(
                    sql: "UPDATE requests SET status = 'planned' WHERE tenant = ? AND request_id = ?",
                    arguments: [key.tenant, key.requestID])
                try AttemptRecord(
                    tenant: key.tenant, requestID: key.requestID,
                    attempt: try row.decode(Int.self, forColumn: "attempts") + 1, batchID: batch.id,
                    mode: batch.mode, customID: item.customID, startedAt: batch.createdAt
                ).insert(db)
            }
        }
        logger.debug(
            "Batch planned",
            metadata: [StateStoreLoggingKeys.batchID: "\(batch.id)", "state.items": "\(batch.items.count)"])
        return record
    }

    /// Moves a batch from `from` to `to` if, and only if, it is in `from` now (compare-and-set),
    /// recording `changes` and the time in the same transaction.
    ///
    /// Entering `submitted` sets `submitted_at` and, unless given, `next_poll_at = at`. Entering
    /// `ended`, `failed` or `canceled` sets `ended_at`, stops polling, and puts every request of
    /// the batch whose attempt is still open back to `pending` (attempt finished as `errored`, or
    /// `canceled`, with `changes.error`), so that no request stays planned in a batch that will
    /// never answer it.
    ///
    /// - Throws: ``StateStoreError``: `isIllegalTransition` when the table forbids the move,
    ///   `isConflict` when the batch is not in `from`, `isNotFound`, or `isConstraintViolation`
    ///   when another batch already has this provider batch id.
    package func transition(
        _ batchID: UUID, from: BatchRecord.State, to: BatchRecord.State, at: Int64, changes: BatchChanges = BatchChanges()
    ) async throws -> TransitionOutcome {
        let move = BatchTransition(from: from, to: to)
        guard move.isAllowed else { throw StateStoreError.illegalTransition(move, batchID: batchID) }
        let outcome = try await write("transition batch \(batchID) \(move)") { db in
            try Self.transition(db, batchID, move, at: at, changes: changes)
        }
        logger.debug(
            "Batch transition",
            metadata: [StateStoreLoggingKeys.batchID: "\(batchID)", StateStoreLoggingKeys.transition: "\(move)"])
        return outcome
    }

    /// Records a poll of a submitted batch: when it happened, when to poll next, what the provider
    /// said.
    ///
    /// - Throws: ``StateStoreError`` `isConflict` when the batch is no longer `submitted`.
    package func recordPoll(
        _ batchID: UUID, at: Int64, nextPollAt: Int64, providerStatus: String? = nil
    ) async throws {
        try await write("record poll \(batchID)") { db in
            var batch = try Self.fetchBatch(db, batchID)
            guard batch.state == .submitted else {
                throw StateStoreError.stateConflict(batchID: batchID, expected: .submitted, actual: batch.state)
            }
            batch.lastPolledAt = at
            batch.nextPollAt = nextPollAt
            batch.pollCount += 1
            batch.providerStatus = providerStatus ?? batch.providerStatus
            batch.updatedAt = at
            try batch.update(db)
        }
    }

    /// Batches in any of `states`, oldest first.
    package func batches(inStates states: Set<BatchRecord.State>) async throws -> [BatchRecord] {
        guard !states.isEmpty else { return [] }
        let names = states.map(\.rawValue).sorted()
        return try await read("batches in states") { db in
            try BatchRecord.fetchAll(
                db,
                sql: """
                    SELECT \(BatchRecord.columns) FROM batches WHERE state IN (\(databaseQuestionMarks(count: names.count)))
                    ORDER BY created_at, id
                    """,
                arguments: StatementArguments(names))
        }
    }

    /// A batch's stored plan (``NewBatch/plan``), read only by the stage about to act on it.
    package func plan(batchID: UUID) async throws -> Data {
        try await read("batch plan") { db in
            guard let plan = try Data.fetchOne(db, sql: "SELECT plan FROM batches WHERE id = ?", arguments: [batchID.storeText])
            else { throw StateStoreError.notFound("batch \(batchID)") }
            return plan
        }
    }

    /// Provider batches planned but not yet accepted by their provider (`planned`, `submitting`;
    /// realtime groups left out), per provider.
    package func unsentBatchCounts() async throws -> [String: Int] {
        try await read("unsent batch counts") { db in
            var counts: [String: Int] = [:]
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT provider, COUNT(*) AS n FROM batches
                    WHERE state IN ('planned', 'submitting') AND kind != 'realtime' GROUP BY provider
                    """)
            for row in rows { counts[row["provider"]] = row["n"] }
            return counts
        }
    }

    /// One batch by local id.
    package func batch(id: UUID) async throws -> BatchRecord? {
        try await read("batch") { db in
            try BatchRecord.fetchOne(db, sql: "SELECT \(BatchRecord.columns) FROM batches WHERE id = ?", arguments: [id.storeText])
        }
    }

    /// The batch that adopted a provider batch id.
    package func batch(provider: String, providerBatchID: String) async throws -> BatchRecord? {
        try await read("batch by provider id") { db in
            try BatchRecord.fetchOne(
                db, sql: "SELECT \(BatchRecord.columns) FROM batches WHERE provider = ? AND provider_batch_id = ?",
                arguments: [provider, providerBatchID])
        }
    }

    /// The batch with this idempotency marker (to match a provider batch found after a crash).
    package func batch(marker: String) async throws -> BatchRecord? {
        try await read("batch by marker") { db in
            try BatchRecord.fetchOne(db, sql: "SELECT \(BatchRecord.columns) FROM batches WHERE marker = ?", arguments: [marker])
        }
    }

    /// A batch's items, in planning order.
    package func items(batchID: UUID) async throws -> [BatchItemRecord] {
        try await read("batch items") { db in
            try BatchItemRecord.fetchAll(
                db, sql: "SELECT * FROM batch_items WHERE batch_id = ? ORDER BY rowid", arguments: [batchID.storeText])
        }
    }

    /// Submitted batches whose next poll is due at `now` (or never scheduled), most overdue first.
    package func dueForPoll(now: Int64) async throws -> [BatchRecord] {
        try await read("due for poll") { db in
            try BatchRecord.fetchAll(
                db,
                sql: """
                    SELECT \(BatchRecord.columns) FROM batches
                    WHERE state = 'submitted' AND (next_poll_at IS NULL OR next_poll_at <= ?)
                    ORDER BY next_poll_at, created_at, id
                    """,
                arguments: [now])
        }
    }

    // MARK: - Inside a transaction

    static func fetchBatch(_ db: Database, _ batchID: UUID) throws -> BatchRecord {
        guard
            let batch = try BatchRecord.fetchOne(
                db, sql: "SELECT \(BatchRecord.columns) FROM batches WHERE id = ?", arguments: [batchID.storeText])
        else { throw StateStoreError.notFound("batch \(batchID)") }
        return batch
    }

    static func transition(
        _ db: Database, _ batchID: UUID, _ move: BatchTransition, at: Int64, changes: BatchChanges
    ) throws -> TransitionOutcome {
        var batch = try fetchBatch(db, batchID)
        guard batch.state == move.from else {
            throw StateStoreError.stateConflict(batchID: batchID, expected: move.from, actual: batch.state)
        }
        batch.state = move.to
        batch.updatedAt = at
        batch.providerBatchID = changes.providerBatchID ?? batch.providerBatchID
        batch.providerStatus = changes.providerStatus ?? batch.providerStatus
        batch.error = changes.error ?? batch.error
        batch.nextPollAt = changes.nextPollAt ?? batch.nextPollAt
        var requeued: [RequestKey] = []
        switch move.to {
        case .submitted:
            batch.submittedAt = batch.submittedAt ?? at
            batch.nextPollAt = changes.nextPollAt ?? at
        case .ended, .failed, .canceled:
            batch.endedAt = at
            batch.nextPollAt = nil
            let outcome: AttemptOutcome = move.to == .canceled ? .canceled : .errored
            let error =
                changes.error
                ?? (move.to == .ended ? "no result was recorded for the item" : "batch \(move.to)")
            requeued = try releaseOpenAttempts(db, batchID: batchID, outcome: outcome, error: error, at: at)
        case .published:
            batch.publishedAt = at
        case .planned, .submitting:
            break
        }
        try batch.update(db)
        return TransitionOutcome(batch: batch, requeued: requeued)
    }

    /// Finishes every open attempt of a batch and puts its request back to `pending`.
    static func releaseOpenAttempts(
        _ db: Database, batchID: UUID, outcome: AttemptOutcome, error: String, at: Int64
    ) throws -> [RequestKey] {
        let open = try AttemptRecord.fetchAll(
            db, sql: "SELECT * FROM attempts WHERE batch_id = ? AND finished_at IS NULL ORDER BY rowid",
            arguments: [batchID.storeText])
        for var attempt in open {
            attempt.finishedAt = at
            attempt.outcome = outcome
            attempt.error = error
            try attempt.update(db)
            try moveRequest(db, attempt.request, from: .planned, to: .pending, error: error, at: at)
        }
        return open.map(\.request)
    }

    /// Moves a request along its state machine, counting the finished attempt; a final status
    /// records `at` as the time it finished (what retention measures from).
    static func moveRequest(
        _ db: Database, _ key: RequestKey, from: RequestStatus, to: RequestStatus, error: String?, at: Int64
    ) throws {
        precondition(from.allows(to), "request transition \(from) → \(to) is not allowed")
        try db.execute(
            sql: """
                UPDATE requests SET status = ?, attempts = attempts + 1, last_error = COALESCE(?, last_error),
                    finished_at = ?
                WHERE tenant = ? AND request_id = ? AND status = ?
                """,
            arguments: [to, error, to.isFinal ? at : nil, key.tenant, key.requestID, from])
        guard db.changesCount == 1 else {
            let status = try RequestStatus.fetchOne(
                db, sql: "SELECT status FROM requests WHERE tenant = ? AND request_id = ?",
                arguments: [key.tenant, key.requestID])
            throw StateStoreError.storage(
                "request \(key) with an open attempt is \(status.map(\.rawValue) ?? "missing"), expected \(from)")
        }
    }
}
