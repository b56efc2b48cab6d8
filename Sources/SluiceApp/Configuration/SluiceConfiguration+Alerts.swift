extension SluiceConfiguration {
    /// Thresholds for `llm.alerts` (AlertKind). A `nil` threshold (`off` in YAML) disables that alert.
    package struct Alerts: Sendable, Hashable {
        /// `alerts.failure_rate`: share of requests finished in ``window`` that did not succeed,
        /// alerting above it. Default 0.05.
        package var failureRate: Double?
        /// `alerts.stale_batch_after`: age of a provider batch without a final status. Default 12 h,
        /// half the providers' 24 h completion window, so there is still time to act.
        package var staleBatchAfter: Duration?
        /// `alerts.backlog_requests`: journaled requests not yet submitted. Default 100 000.
        package var backlogRequests: Int?
        /// `alerts.low_cache_hit_ratio`: cache hit ratio over ``window``, alerting below it. Default 0.5.
        package var lowCacheHitRatio: Double?
        /// `alerts.window`: the window rates and ratios are measured over. Default 15 min.
        package var window: Duration

        package init(
            failureRate: Double? = 0.05, staleBatchAfter: Duration? = .seconds(12 * 3_600), backlogRequests: Int? = 100_000,
            lowCacheHitRatio: Double? = 0.5, window: Duration = .seconds(900)
        ) {
            self.failureRate = failureRate
            self.staleBatchAfter = staleBatchAfter
            self.backlogRequests = backlogRequests
            self.lowCacheHitRatio = lowCacheHitRatio
            self.window = window
        }
    }
}
