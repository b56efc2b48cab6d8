/// What one retention pass removed.
package struct RetentionReport: Sendable, Hashable {
    /// Finished requests whose event, rendered request, key and headers were dropped.
    package var requestBlobsDropped = 0
    /// Finished requests deleted (past the dedupe window), with their attempts and batch items.
    package var requestsDeleted = 0
    /// Finished batches whose plan was dropped.
    package var batchPlansDropped = 0
    /// Finished batches deleted once nothing referred to them.
    package var batchesDeleted = 0
    /// Published outbox records deleted.
    package var outboxDeleted = 0
    /// Expired response-cache entries deleted.
    package var responsesDeleted = 0
    /// Cache-route samples deleted.
    package var samplesDeleted = 0

    package init() {}

    /// Whether the pass removed nothing.
    package var isEmpty: Bool { self == RetentionReport() }
}
