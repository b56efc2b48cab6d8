import Foundation

/// What the alert rules look at: one reading of the service, taken by the pipeline from its store
/// and counters. Plain values, so that the rules stay pure and testable.
package struct AlertSnapshot: Sendable, Hashable {
    /// The window that ``results`` and ``cacheUsage`` cover (normally
    /// ``AlertThresholds/failureWindow``), reported as the alerts' `window_seconds`.
    package var window: Duration
    /// Results finished in the window, per tenant (optionally split by provider and model).
    package var results: [ResultCounts]
    /// Provider batches submitted and not yet final.
    package var submittedBatches: [SubmittedBatch]
    /// Journaled requests not yet submitted (`pending` in the store).
    package var pendingRequests: Int
    /// Outbox records not yet delivered to Kafka.
    package var outboxBacklog: Int
    /// Chat prompt tokens in the window, per provider and model (embeddings have no prompt cache).
    package var cacheUsage: [CacheUsage]

    /// A reading; everything but the window defaults to "nothing to report".
    package init(
        window: Duration, results: [ResultCounts] = [], submittedBatches: [SubmittedBatch] = [],
        pendingRequests: Int = 0, outboxBacklog: Int = 0, cacheUsage: [CacheUsage] = []
    ) {
        self.window = window
        self.results = results
        self.submittedBatches = submittedBatches
        self.pendingRequests = pendingRequests
        self.outboxBacklog = outboxBacklog
        self.cacheUsage = cacheUsage
    }
}
