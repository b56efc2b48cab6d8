/// A snapshot of the store for `/v1/stats` and metrics, read in one transaction.
package struct StoreStats: Sendable, Hashable {
    /// Every status, zero when none.
    package var requestsByStatus: [RequestStatus: Int]
    /// Every state, zero when none.
    package var batchesByState: [BatchRecord.State: Int]
    /// Ledger sums per provider, model and mode.
    package var ledger: [LedgerTotals]
    /// Outbox records not yet delivered.
    package var outboxBacklog: Int
    /// `created_at` of the oldest of them (Unix ms), to alert on a stuck publisher.
    package var oldestUnpublishedAt: Int64?

    package init(
        requestsByStatus: [RequestStatus: Int], batchesByState: [BatchRecord.State: Int], ledger: [LedgerTotals],
        outboxBacklog: Int, oldestUnpublishedAt: Int64?
    ) {
        self.requestsByStatus = requestsByStatus
        self.batchesByState = batchesByState
        self.ledger = ledger
        self.outboxBacklog = outboxBacklog
        self.oldestUnpublishedAt = oldestUnpublishedAt
    }
}
