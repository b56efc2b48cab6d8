/// When the alert rules fire. Every field has a default suited to a production instance.
///
/// | key | type | default | meaning |
/// |---|---|---|---|
/// | `failureRate` | `Double` (0...1) | 0.05 | share of a tenant's finished requests that did not succeed |
/// | `failureWindow` | `Duration` | 900 s | the window the snapshot's result and cache counts should cover |
/// | `staleBatchAfter` | `Duration` | 26 h | age of a submitted provider batch with no final status |
/// | `backlogRequests` | `Int` | 100 000 | journaled requests not yet submitted |
/// | `backlogOutbox` | `Int` | 10 000 | outbox records not yet delivered to Kafka |
/// | `lowCacheHitRatio` | `Double` (0...1) | 0.5 | cache hit ratio of a provider and model, alert when below |
/// | `minimumSample` | `Int` | 50 | finished requests needed before a rate or ratio alert may start |
///
/// None is secret.
package struct AlertThresholds: Sendable, Hashable {
    /// Above this share of non-successful results, a tenant's failure rate fires.
    package var failureRate: Double
    /// The window the snapshot builder should count results and cache usage over.
    package var failureWindow: Duration
    /// Providers promise completion within 24 h; 26 h leaves them slack before waking anyone.
    package var staleBatchAfter: Duration
    /// Above this many pending requests, the request backlog fires.
    package var backlogRequests: Int
    /// Above this many undelivered outbox records, the outbox backlog fires.
    package var backlogOutbox: Int
    /// Below this cache hit ratio, a provider and model's cache alert fires.
    package var lowCacheHitRatio: Double
    /// Small samples swing widely (two failures of three requests is 67%); this keeps them from
    /// starting an alert. It does not hold a firing alert open, nor stop one from resolving.
    package var minimumSample: Int

    /// Thresholds, each defaulting to the table above.
    package init(
        failureRate: Double = 0.05, failureWindow: Duration = .seconds(900),
        staleBatchAfter: Duration = .seconds(26 * 3600), backlogRequests: Int = 100_000, backlogOutbox: Int = 10_000,
        lowCacheHitRatio: Double = 0.5, minimumSample: Int = 50
    ) {
        self.failureRate = failureRate
        self.failureWindow = failureWindow
        self.staleBatchAfter = staleBatchAfter
        self.backlogRequests = backlogRequests
        self.backlogOutbox = backlogOutbox
        self.lowCacheHitRatio = lowCacheHitRatio
        self.minimumSample = minimumSample
    }
}
