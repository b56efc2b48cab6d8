package import Prometheus
import Metrics
import Synchronization

/// Sluice's metric names and labels, in one place so that the pipeline (which emits the counters
/// through swift-metrics) and the admin server (which exports them) cannot drift apart.
///
/// Labels are bounded: statuses, states, providers, models and token kinds, never tenants or ids.
package enum SluiceMetrics {
    // MARK: - Counters (the pipeline increments them through swift-metrics)

    /// Request records consumed from the requests topic.
    package static let eventsIn = "sluice_events_in_total"
    /// Records sent to the dead-letter topic.
    package static let eventsDeadLettered = "sluice_events_dead_lettered_total"
    /// Requests whose id was already journaled (re-deliveries).
    package static let eventsDuplicate = "sluice_events_duplicate_total"
    /// Result events delivered, by ``statusLabel``.
    package static let resultsPublished = "sluice_results_published_total"
    /// Provider batches created, by ``providerLabel``.
    package static let batchesSubmitted = "sluice_batches_submitted_total"

    // MARK: - Gauges (set from the store at scrape time)
    //
    // The admin server owns these: the pipeline must not emit them through swift-metrics (a
    // histogram or counter under one of these names makes the registry trap).

    /// Journaled requests, by ``statusLabel`` (`pending`, `planned`, `completed`, `failed`).
    package static let requests = "sluice_requests"
    /// Local batches, by ``stateLabel``.
    package static let batches = "sluice_batches"
    /// Outbox records not yet delivered to Kafka.
    package static let outboxBacklog = "sluice_outbox_backlog"
    /// Age in seconds of the oldest undelivered outbox record (0 when none): a stuck publisher.
    package static let outboxOldestAge = "sluice_outbox_oldest_unpublished_age_seconds"
    /// Ledger token sums, by ``providerLabel``, ``modelLabel`` and ``kindLabel`` (``TokenKind``).
    package static let tokens = "sluice_tokens_total"
    /// Ledger dollar sums, by ``providerLabel``, ``modelLabel`` and ``kindLabel`` (``DollarKind``).
    package static let dollars = "sluice_dollars_total"
    /// Scrapes whose store read failed (the gauges then keep their previous values).
    package static let statsRefreshFailures = "sluice_admin_stats_refresh_failures_total"

    // MARK: - Labels

    /// A request status, or a result status on ``resultsPublished``.
    package static let statusLabel = "status"
    /// A local batch state.
    package static let stateLabel = "state"
    /// A provider name (`anthropic`, `openai`, `gemini`).
    package static let providerLabel = "provider"
    /// A model name as the ledger records it.
    package static let modelLabel = "model"
    /// A ``TokenKind`` or ``DollarKind``.
    package static let kindLabel = "kind"

    /// The `kind` values of ``tokens``.
    package enum TokenKind: String, Sendable, CaseIterable {
        case input
        case cacheRead = "cache_read"
        case cacheWrite = "cache_write"
        case output
    }

    /// The `kind` values of ``dollars``.
    package enum DollarKind: String, Sendable, CaseIterable {
        case baseline
        case actual
        case saved
    }

    // MARK: - Bootstrap

    private static let bootstrapped = Mutex<ObjectIdentifier?>(nil)

    /// Makes swift-metrics record into `registry`, once per process.
    ///
    /// `MetricsSystem.bootstrap` may run only once per process and traps on a second call; this
    /// guards it, so the app (and tests that start it more than once) can call it freely.
    ///
    /// - Parameter registry: The registry that `/metrics` exports.
    /// - Returns: True when this call bootstrapped; false when an earlier call already had (with
    ///   this or another registry: the first one stays in force).
    @discardableResult
    package static func bootstrapOnce(registry: PrometheusCollectorRegistry) -> Bool {
        bootstrapped.withLock { current in
            guard current == nil else { return false }
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            current = ObjectIdentifier(registry)
            return true
        }
    }
}
