/// What recording one chunk of results did. Recording the same chunk again reports zero new
/// ledger rows, zero new outbox records and every item as already resolved.
package struct RecordOutcome: Sendable, Hashable {
    /// Ledger rows written by this call.
    package var newLedgerRows: Int = 0
    /// Ledger rows that were already there (a chunk recorded twice).
    package var duplicateLedgerRows: Int = 0
    /// Outbox records written by this call.
    package var newOutboxRecords: Int = 0
    /// Requests that became `completed`.
    package var completed: [RequestKey] = []
    /// Requests that became `failed`.
    package var failed: [RequestKey] = []
    /// Requests put back to `pending` for another attempt.
    package var requeued: [RequestKey] = []
    /// Items whose attempt was already finished (a chunk recorded twice); left as they were.
    package var alreadyResolved: Int = 0
    /// Custom ids that are not items of the batch (their ledger rows are still recorded: the
    /// provider billed them).
    package var unknownCustomIDs: [String] = []

    package init() {}
}
