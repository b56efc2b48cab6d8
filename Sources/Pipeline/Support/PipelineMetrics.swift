package import Metrics

/// The pipeline's own counters (the store-derived gauges are computed at scrape time by the admin
/// server). Created through swift-metrics, so the app decides where they go (Prometheus).
package struct PipelineMetrics: Sendable {
    let eventsIn: Counter
    let deadLettered: Counter
    let duplicates: Counter
    let rejected: Counter
    /// 1 while the intake waits for disk space to journal the chunk in hand, else 0.
    let intakePausedDiskFull: Gauge
    /// Journal writes refused because the disk was full (each retried later).
    let diskFullRetries: Counter
    private let factory: (any MetricsFactory)?

    package init(factory: (any MetricsFactory)? = nil) {
        self.factory = factory
        func counter(_ label: String, _ dimensions: [(String, String)] = []) -> Counter {
            if let factory { return Counter(label: label, dimensions: dimensions, factory: factory) }
            return Counter(label: label, dimensions: dimensions)
        }
        eventsIn = counter("sluice_events_in_total")
        deadLettered = counter("sluice_events_dead_lettered_total")
        duplicates = counter("sluice_events_duplicate_total")
        rejected = counter("sluice_events_rejected_total")
        intakePausedDiskFull =
            factory.map { Gauge(label: "sluice_intake_paused_disk_full", factory: $0) }
            ?? Gauge(label: "sluice_intake_paused_disk_full")
        diskFullRetries = counter("sluice_disk_full_retries_total")
    }

    func resultPublished(status: String) -> Counter {
        let dimensions = [("status", status)]
        if let factory { return Counter(label: "sluice_results_published_total", dimensions: dimensions, factory: factory) }
        return Counter(label: "sluice_results_published_total", dimensions: dimensions)
    }

    func batchSubmitted(provider: String, kind: String) -> Counter {
        let dimensions = [("provider", provider), ("kind", kind)]
        if let factory { return Counter(label: "sluice_batches_submitted_total", dimensions: dimensions, factory: factory) }
        return Counter(label: "sluice_batches_submitted_total", dimensions: dimensions)
    }
}
