/// What a batch transition did.
package struct TransitionOutcome: Sendable, Hashable {
    /// The batch after the transition.
    package var batch: BatchRecord
    /// Requests put back to `pending` because the batch left without giving them an outcome.
    package var requeued: [RequestKey]
    /// Outbox records inserted by the same transaction (savings events; duplicates not counted).
    package var newOutboxRecords: Int

    package init(batch: BatchRecord, requeued: [RequestKey] = [], newOutboxRecords: Int = 0) {
        self.batch = batch
        self.requeued = requeued
        self.newOutboxRecords = newOutboxRecords
    }
}
