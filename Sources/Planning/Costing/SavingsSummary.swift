package import Foundation
package import Providers

/// The demo's savings report: what came in, how it ended, and what it cost against the baseline
/// and the theoretical minimum, in total and per provider/model.
///
/// JSON (``SavingsSummary+Codable``) uses snake_case keys; money is a JSON **number** of USD
/// rounded half-to-even to 9 decimal places (the `llm.savings` topic's ``USD`` wire form), and
/// `captured` a JSON number rounded to 6 places, or `null`. Text (``render()``) prints money to
/// $0.0001. Totals are exact sums of the rows, made before any rounding.
package struct SavingsSummary: Sendable, Hashable {
    /// Request events as the intake saw them.
    package var events: EventCounts
    /// Final results by status.
    package var results: ResultCounts
    /// The figures over every row.
    package var totals: Figures
    /// One row per provider and model, sorted by provider then model.
    package var rows: [Row]

    /// A summary whose totals are the sums of `rows`.
    /// - Parameters:
    ///   - events: intake counts.
    ///   - results: results by status.
    ///   - rows: per provider/model figures (sorted here).
    package init(events: EventCounts, results: ResultCounts, rows: [Row]) {
        self.events = events
        self.results = results
        self.rows = rows.sorted { ($0.provider.rawValue, $0.model) < ($1.provider.rawValue, $1.model) }
        let breakdown = rows.reduce(SavingsBreakdown.zero) { $0 + $1.figures.breakdown }
        let minimum = rows.reduce(Decimal(0)) { $0 + $1.figures.minimum }
        self.totals = Figures(breakdown: breakdown, minimum: minimum)
    }

    /// Request events by what the intake did with them.
    package struct EventCounts: Sendable, Hashable, Codable {
        /// Published to the requests topic by the workload.
        package var published: Int
        /// Journaled (valid, first time seen).
        package var accepted: Int
        /// Redelivered or republished ids the journal ignored.
        package var duplicates: Int
        /// Sent to the dead-letter topic.
        package var deadLettered: Int

        /// Counts as given.
        package init(published: Int = 0, accepted: Int = 0, duplicates: Int = 0, deadLettered: Int = 0) {
            self.published = published
            self.accepted = accepted
            self.duplicates = duplicates
            self.deadLettered = deadLettered
        }

        private enum CodingKeys: String, CodingKey {
            case published, accepted, duplicates
            case deadLettered = "dead_lettered"
        }
    }

    /// Results by final status.
    package struct ResultCounts: Sendable, Hashable {
        package var succeeded: Int
        package var failed: Int
        package var expired: Int
        package var canceled: Int

        /// Counts as given.
        package init(succeeded: Int = 0, failed: Int = 0, expired: Int = 0, canceled: Int = 0) {
            self.succeeded = succeeded
            self.failed = failed
            self.expired = expired
            self.canceled = canceled
        }

        /// Every result.
        package var total: Int { succeeded + failed + expired + canceled }

        /// Counts one more result with `status`.
        package mutating func record(_ status: ResultStatus) {
            switch status {
            case .succeeded: succeeded += 1
            case .failed: failed += 1
            case .expired: expired += 1
            case .canceled: canceled += 1
            }
        }
    }

    /// Baseline, actual, minimum and what follows from them, in USD.
    package struct Figures: Sendable, Hashable {
        /// Baseline, actual and the savings split.
        package var breakdown: SavingsBreakdown
        /// The theoretical minimum (``MinimumCost``).
        package var minimum: Decimal

        /// Figures as given.
        package init(breakdown: SavingsBreakdown, minimum: Decimal) {
            self.breakdown = breakdown
            self.minimum = minimum
        }

        /// Realtime list price without caching.
        package var baseline: Decimal { breakdown.baseline }
        /// What was billed.
        package var actual: Decimal { breakdown.actual }
        /// `baseline − actual`.
        package var saved: Decimal { breakdown.saved }
        /// `(baseline − actual) / (baseline − minimum)`: the share of the attainable savings that
        /// was captured; `nil` when nothing was attainable (baseline == minimum). Not clamped:
        /// above 1 means the estimate-based minimum was beaten, which is worth seeing.
        package var captured: Decimal? {
            let attainable = baseline - minimum
            guard attainable != 0 else { return nil }
            return (baseline - actual) / attainable
        }
    }

    /// The figures of one provider and model.
    package struct Row: Sendable, Hashable {
        package var provider: Provider
        package var model: String
        /// Requests counted in the row (billed and response-cache answers).
        package var requests: Int
        package var figures: Figures

        /// A row as given.
        package init(provider: Provider, model: String, requests: Int, figures: Figures) {
            self.provider = provider
            self.model = model
            self.requests = requests
            self.figures = figures
        }
    }
}
