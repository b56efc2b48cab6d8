import Foundation
package import Providers

/// Collects billed items, response-cache answers and minimum-cost inputs, and builds the
/// ``SavingsSummary`` with one row per provider and model.
package struct SavingsSummaryBuilder: Sendable {
    private struct RowKey: Hashable {
        var provider: Provider
        var model: String
    }

    private struct RowParts {
        var items: [ItemCost] = []
        var dedupeBaseline = Decimal(0)
        var requests = 0
        var minimumInputs: [MinimumCostInput] = []
    }

    private let calculator: CostCalculator
    private var parts: [RowKey: RowParts] = [:]
    /// Request events as the intake saw them.
    package var events = SavingsSummary.EventCounts()
    /// Results by final status.
    package var results = SavingsSummary.ResultCounts()

    /// A builder pricing with `priceBook`.
    package init(priceBook: PriceBook) {
        self.calculator = CostCalculator(priceBook: priceBook)
    }

    /// Adds one billed request (a primer or a billed retry included) from its reported usage.
    /// - Parameter countsAsRequest: false for a billed retry of a request already counted.
    /// - Throws: ``PriceBookError`` for an unknown model or missing price.
    package mutating func addBilled(
        _ usage: Providers.TokenUsage, provider: Provider, model: String, mode: PricingMode, countsAsRequest: Bool = true
    ) throws {
        let cost = try calculator.cost(of: usage, provider: provider, model: model, mode: mode)
        let key = RowKey(provider: provider, model: model)
        parts[key, default: RowParts()].items.append(cost)
        if countsAsRequest { parts[key, default: RowParts()].requests += 1 }
    }

    /// Adds a request answered from the response cache; `usage` is the original answer's.
    /// - Throws: ``PriceBookError`` for an unknown model.
    package mutating func addResponseCacheAnswer(_ usage: Providers.TokenUsage, provider: Provider, model: String) throws {
        let baseline = try calculator.responseCacheBaseline(of: usage, provider: provider, model: model)
        let key = RowKey(provider: provider, model: model)
        parts[key, default: RowParts()].dedupeBaseline += baseline
        parts[key, default: RowParts()].requests += 1
    }

    /// Adds one request of the workload to the theoretical minimum.
    package mutating func addMinimumInput(_ input: MinimumCostInput) {
        parts[RowKey(provider: input.provider, model: input.model), default: RowParts()].minimumInputs.append(input)
    }

    /// The summary of everything added.
    /// - Throws: ``PriceBookError`` from the minimum's prices.
    package func build() throws -> SavingsSummary {
        var rows: [SavingsSummary.Row] = []
        for (key, row) in parts {
            let breakdown = calculator.breakdown(of: row.items, dedupeBaseline: row.dedupeBaseline)
            let minimum = try MinimumCost.minimum(of: row.minimumInputs, priceBook: calculator.priceBook)
            rows.append(
                SavingsSummary.Row(
                    provider: key.provider, model: key.model, requests: row.requests,
                    figures: SavingsSummary.Figures(breakdown: breakdown, minimum: minimum)))
        }
        return SavingsSummary(events: events, results: results, rows: rows)
    }
}
