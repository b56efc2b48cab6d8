package import Foundation
package import Providers

/// What `sluice estimate` found: per provider, model and task, the request count, estimated
/// tokens and four prices (baseline, batch-only, planned, minimum), with the lines it could not
/// use and the assumptions behind the figures.
package struct WorkloadEstimate: Sendable, Hashable {
    /// Non-blank lines read.
    package var lines = 0
    /// Lines that decoded, validated and rendered (first occurrence of each (tenant, id)).
    package var accepted = 0
    /// Lines repeating an earlier (tenant, id): the journal would drop them.
    package var duplicates = 0
    /// Lines that failed, with why.
    package var rejected: [Rejection] = []
    /// One row per provider, model and task, sorted.
    package var rows: [Row] = []
    /// The minimum over the whole workload (groups may span rows, so not the rows' sum).
    package var totalMinimum: Decimal = 0
    /// What the figures assume.
    package var assumptions: Assumptions

    init(assumptions: Assumptions) {
        self.assumptions = assumptions
    }

    /// A line that could not be used.
    package struct Rejection: Sendable, Hashable {
        /// 1-based line number in the file.
        package var line: Int
        /// The intake's reason (validation or rendering error).
        package var reason: String
    }

    /// Figures of one provider, model and task (`(raw)` for raw-mode requests).
    package struct Row: Sendable, Hashable {
        package var provider: Provider
        package var model: String
        package var task: String
        package var requests = 0
        /// Requests the plan caches (the writer included).
        package var cachedRequests = 0
        /// Estimated prompt tokens, all requests.
        package var promptTokens = 0
        /// Assumed output tokens, all requests.
        package var outputTokens = 0
        package var baseline: Decimal = 0
        package var batchOnly: Decimal = 0
        package var planned: Decimal = 0
        package var minimum: Decimal = 0

        init(provider: Provider, model: String, task: String) {
            self.provider = provider
            self.model = model
            self.task = task
        }

        mutating func add(_ priced: WorkloadEstimator.Priced) {
            requests += 1
            if priced.cached { cachedRequests += 1 }
            promptTokens += priced.item.promptTokens
            outputTokens += priced.item.outputTokens
            baseline += priced.baseline
            batchOnly += priced.batchOnly
            planned += priced.planned
        }
    }

    /// The assumptions printed with every estimate.
    package struct Assumptions: Sendable, Hashable {
        /// Output tokens per chat request as a share of `max_tokens` (embeddings have none).
        package var outputRatio: Double
        /// Characters per estimated token.
        package var charactersPerToken: Double
        /// The batch turnaround the planner plans for.
        package var expectedTurnaroundSeconds: Double
        /// The TTL Anthropic prefixes get at that turnaround (`5m` or `1h`).
        package var anthropicTTL: String
        /// The accumulator's chunk size.
        package var maxRequestsPerFlush: Int
    }

    /// Sums over every row; the minimum is ``totalMinimum``.
    package var totals: Row {
        var total = Row(provider: .anthropic, model: "", task: "total")
        for row in rows {
            total.requests += row.requests
            total.cachedRequests += row.cachedRequests
            total.promptTokens += row.promptTokens
            total.outputTokens += row.outputTokens
            total.baseline += row.baseline
            total.batchOnly += row.batchOnly
            total.planned += row.planned
        }
        total.minimum = totalMinimum
        return total
    }
}
