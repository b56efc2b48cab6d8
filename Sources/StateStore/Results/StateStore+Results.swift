package import Foundation
internal import GRDB

extension StateStore {
    /// Records one chunk of a batch's results in ONE transaction: per item, its ledger row, its
    /// attempt finished, its request moved on, and its result event in the outbox.
    ///
    /// Idempotent: the ledger's key (provider, provider batch id, custom id) and the outbox's
    /// dedupe key make a second recording of the same chunk (a crash between writing and the
    /// caller noting progress) add nothing, and an item whose attempt is already finished is left
    /// as it is. The request of an unknown custom id is untouched, but its ledger row is kept: the
    /// provider billed it.
    ///
    /// - Parameters:
    ///   - batchID: A `submitted` batch.
    ///   - outcomes: The chunk.
    ///   - at: The time (Unix ms) recorded on attempts, ledger and outbox rows.
    ///   - resultsCursor: If given, stored as the batch's ``BatchRecord/resultsCursor`` (never moved
    ///     back) in the same transaction, so a restarted poller knows where to resume.
    /// - Throws: ``StateStoreError``: `isConflict` when the batch is not `submitted`,
    ///   `isNotFound`, `isInvalidArgument` when a ledger entry's custom id differs from its item's.
    package func recordResults(
        batchID: UUID, _ outcomes: [ItemOutcome], at: Int64, resultsCursor: Int64? = nil
    ) async throws -> RecordOutcome {
        for outcome in outcomes {
            if let ledger = outcome.ledger, ledger.customID != outcome.customID {
                throw StateStoreError.invalidArgument(
                    "ledger custom id \(ledger.customID) differs from item \(outcome.customID)")
            }
        }
        return try await write("record \(outcomes.count) results of \(batchID)") { db in
            var batch = try Self.fetchBatch(db, batchID)
            guard batch.state == .submitted else {
                throw StateStoreError.stateConflict(batchID: batchID, expected: .submitted, actual: batch.state)
            }
            var result = RecordOutcome()
            for outcome in outcomes {
                try Self.record(db, outcome, batch: batch, at: at, into: &result)
                try outcome.response?.save(db)
            }
            if let resultsCursor, resultsCursor > batch.resultsCursor {
                batch.resultsCursor = resultsCursor
                batch.updatedAt = at
                try batch.update(db)
            }
            return result
        }
    }

    /// Finishes pending requests without a batch (response-cache answers, or failures decided by
    /// the pipeline), each with its result event, in ONE transaction. Requests that are not pending
    /// any more are skipped, not an error.
    /// - Parameter summaries: records that account for the resolved requests as a group (the
    ///   savings events of response-cache answers), enqueued in the same transaction; dropped when
    ///   no request was resolved, since then there is nothing to account for.
    package func resolvePending(
        _ resolutions: [PendingResolution], summaries: [OutboxRecord] = [], at: Int64
    ) async throws -> ResolveOutcome {
        guard !resolutions.isEmpty else { return ResolveOutcome() }
        return try await write("resolve \(resolutions.count) pending requests") { db in
            var outcome = ResolveOutcome()
            for resolution in resolutions {
                switch try Self.resolve(db, resolution, at: at) {
                case nil: outcome.skipped.append(resolution.request)
                case let newRecord?:
                    outcome.resolved.append(resolution.request)
                    if newRecord { outcome.newOutboxRecords += 1 }
                }
            }
            if !outcome.resolved.isEmpty {
                for summary in summaries where try db.insertIgnoringDuplicate(OutboxMessage(summary, batchID: nil, createdAt: at)) {
                    outcome.newOutboxRecords += 1
                }
            }
            return outcome
        }
    }

    /// Finishes one pending request inside a transaction.
    /// - Returns: nil when the request was not pending; otherwise whether its result was new.
    static func resolve(_ db: Database, _ resolution: PendingResolution, at: Int64) throws -> Bool? {
        let key = resolution.request
        let (status, error): (RequestStatus, String?) =
            switch resolution.status {
            case .completed: (.completed, nil)
            case .failed(let error): (.failed, error)
            }
        try db.execute(
            sql: """
                UPDATE requests SET status = ?, last_error = COALESCE(?, last_error), finished_at = ?
                WHERE tenant = ? AND request_id = ? AND status = 'pending'
                """,
            arguments: [status, error, at, key.tenant, key.requestID])
        guard db.changesCount == 1 else { return nil }
        return try db.insertIgnoringDuplicate(OutboxMessage(resolution.result, batchID: nil, createdAt: at))
    }

    /// The ledger rows recorded for a local batch (to build its savings events), in recording order.
    package func ledgerEntries(batchID: UUID) async throws -> [LedgerEntry] {
        try await read("ledger of batch") { db in
            try LedgerEntry.fetchAll(
                db, sql: "SELECT * FROM ledger WHERE batch_id = ? ORDER BY rowid", arguments: [batchID.storeText])
        }
    }

    // MARK: - Inside the transaction

    private static func record(
        _ db: Database, _ outcome: ItemOutcome, batch: BatchRecord, at: Int64, into result: inout RecordOutcome
    ) throws {
        if var ledger = outcome.ledger {
            ledger.batchID = batch.id
            ledger.recordedAt = at
            if try db.insertIgnoringDuplicate(ledger) {
                result.newLedgerRows += 1
                var totals =
                    try LedgerTotals.fetchOne(
                        db, key: ["provider": ledger.provider, "model": ledger.model, "mode": ledger.mode.rawValue])
                    ?? LedgerTotals(provider: ledger.provider, model: ledger.model, mode: ledger.mode)
                totals.add(ledger)
                try totals.save(db)
            } else {
                result.duplicateLedgerRows += 1
            }
        }
        guard
            let item = try BatchItemRecord.fetchOne(
                db, sql: "SELECT * FROM batch_items WHERE batch_id = ? AND custom_id = ?",
                arguments: [batch.id.storeText, outcome.customID])
        else {
            result.unknownCustomIDs.append(outcome.customID)
            return
        }
        guard let request = item.request else { return }
        let (attemptOutcome, error): (AttemptOutcome, String?)
        switch outcome.resolution {
        case .ledgerOnly: return
        case .completed: (attemptOutcome, error) = (.succeeded, nil)
        case .failed(let outcome, let message, _), .retry(let outcome, let message): (attemptOutcome, error) = (outcome, message)
        }
        guard
            var attempt = try AttemptRecord.fetchOne(
                db, sql: "SELECT * FROM attempts WHERE batch_id = ? AND custom_id = ?",
                arguments: [batch.id.storeText, outcome.customID]),
            attempt.finishedAt == nil
        else {
            result.alreadyResolved += 1
            return
        }
        attempt.finishedAt = at
        attempt.outcome = attemptOutcome
        attempt.error = error
        if batch.kind == .realtime { attempt.callID = outcome.ledger?.providerBatchID ?? attempt.callID }
        try attempt.update(db)
        switch outcome.resolution {
        case .completed(let record):
            try moveRequest(db, request, from: .planned, to: .completed, error: nil, at: at)
            result.completed.append(request)
            if try db.insertIgnoringDuplicate(OutboxMessage(record, batchID: batch.id, createdAt: at)) {
                result.newOutboxRecords += 1
            }
        case .failed(_, let message, let record):
            try moveRequest(db, request, from: .planned, to: .failed, error: message, at: at)
            result.failed.append(request)
            if try db.insertIgnoringDuplicate(OutboxMessage(record, batchID: batch.id, createdAt: at)) {
                result.newOutboxRecords += 1
            }
        case .retry(_, let message):
            try moveRequest(db, request, from: .planned, to: .pending, error: message, at: at)
            result.requeued.append(request)
        case .ledgerOnly:
            break
        }
    }
}
