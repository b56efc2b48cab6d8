import Foundation
import Planning
import Prometheus
import StateStore

/// The store-derived gauges, set from one ``StoreStats`` snapshot at each scrape.
///
/// Gauges rather than counters because the store, not this process, owns the values: they stay
/// right across restarts and across several scrapers. Also registers the pipeline's counters at
/// zero, so that `rate()` has a first sample before the first event.
struct StoreGauges: Sendable {
    let registry: PrometheusCollectorRegistry

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        registerCounters()
    }

    /// Sets every store-derived gauge from `stats`.
    /// - Parameters:
    ///   - stats: One consistent snapshot.
    ///   - now: The time the outbox age is measured at.
    func refresh(from stats: StoreStats, now: Date) {
        for (status, count) in stats.requestsByStatus {
            gauge(SluiceMetrics.requests, [(SluiceMetrics.statusLabel, status.rawValue)]).set(Double(count))
        }
        for (state, count) in stats.batchesByState {
            gauge(SluiceMetrics.batches, [(SluiceMetrics.stateLabel, state.rawValue)]).set(Double(count))
        }
        gauge(SluiceMetrics.outboxBacklog, []).set(Double(stats.outboxBacklog))
        let oldestAge = stats.oldestUnpublishedAt.map { max(0, now.timeIntervalSince1970 - Double($0) / 1000) } ?? 0
        gauge(SluiceMetrics.outboxOldestAge, []).set(oldestAge)

        for totals in LedgerRollup(stats.ledger).byProviderAndModel {
            let subject = [(SluiceMetrics.providerLabel, totals.provider), (SluiceMetrics.modelLabel, totals.model)]
            for kind in SluiceMetrics.TokenKind.allCases {
                gauge(SluiceMetrics.tokens, subject + [(SluiceMetrics.kindLabel, kind.rawValue)])
                    .set(Double(totals.tokens(kind)))
            }
            for kind in SluiceMetrics.DollarKind.allCases {
                gauge(SluiceMetrics.dollars, subject + [(SluiceMetrics.kindLabel, kind.rawValue)])
                    .set(Self.double(totals.dollars(kind)))
            }
        }
    }

    /// The nearest Double, parsed from the exact decimal text (NSDecimalNumber's own conversion
    /// can land one ulp off, which shows as 0.005699999... on dashboards).
    static func double(_ value: Decimal) -> Double {
        Double(value.description) ?? NSDecimalNumber(decimal: value).doubleValue
    }

    /// Counts a scrape whose store read failed.
    func recordRefreshFailure() {
        registry.makeCounter(descriptor: Self.descriptor(SluiceMetrics.statsRefreshFailures)).increment()
    }

    private func gauge(_ name: String, _ labels: [(String, String)]) -> Gauge {
        labels.isEmpty
            ? registry.makeGauge(descriptor: Self.descriptor(name))
            : registry.makeGauge(descriptor: Self.descriptor(name), labels: labels)
    }

    private func registerCounters() {
        for name in [SluiceMetrics.eventsIn, SluiceMetrics.eventsDeadLettered, SluiceMetrics.eventsDuplicate,
            SluiceMetrics.statsRefreshFailures]
        {
            _ = registry.makeCounter(descriptor: Self.descriptor(name))
        }
        for status in ResultStatus.allCases {
            _ = registry.makeCounter(
                descriptor: Self.descriptor(SluiceMetrics.resultsPublished),
                labels: [(SluiceMetrics.statusLabel, status.rawValue)])
        }
        for provider in ProviderName.allCases {
            _ = registry.makeCounter(
                descriptor: Self.descriptor(SluiceMetrics.batchesSubmitted),
                labels: [(SluiceMetrics.providerLabel, provider.rawValue)])
        }
    }

    /// The help text stays empty: swift-metrics registers the same families with none, and the
    /// registry traps on a mismatch.
    private static func descriptor(_ name: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: "")
    }
}
