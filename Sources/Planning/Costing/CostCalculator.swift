package import Foundation
package import Providers

/// Turns provider-reported usage into the cost figures of DESIGN §2. Pure: prices only.
package struct CostCalculator: Sendable {
    /// The prices used.
    package var priceBook: PriceBook

    /// A calculator over `priceBook`.
    package init(priceBook: PriceBook) {
        self.priceBook = priceBook
    }

    /// Cost of one billed item from the provider's own normalized usage (DESIGN §2).
    ///
    /// - Parameters:
    ///   - usage: normalized usage (uncached input, cache reads and writes, output).
    ///   - provider: who billed it.
    ///   - model: the model id (aliases and dated snapshots resolve).
    ///   - mode: the price list that applied.
    /// - Returns: actual, baseline and the mode's uncached price of the same tokens.
    /// - Throws: ``PriceBookError`` for an unknown model or a price the usage needs and the book
    ///   lacks.
    package func cost(of usage: Providers.TokenUsage, provider: Provider, model: String, mode: PricingMode) throws -> ItemCost {
        let actual = try priceBook.cost(of: usage, provider: provider, model: model, mode: mode).total
        let baseline = try priceBook.baselineCost(of: usage, provider: provider, model: model).total
        let rates = try priceBook.rates(provider: provider, model: model, mode: mode, promptTokens: usage.totalInputTokens)
        let uncached = Self.perToken(usage.totalInputTokens, rates.input) + Self.perToken(usage.outputTokens, rates.output)
        return ItemCost(actual: actual, baseline: baseline, uncachedAtMode: uncached)
    }

    /// The baseline of a request answered from Sluice's response cache: what the original
    /// answer's usage would cost at realtime list price without caching. Nothing is billed.
    ///
    /// - Throws: ``PriceBookError`` for an unknown model.
    package func responseCacheBaseline(of usage: Providers.TokenUsage, provider: Provider, model: String) throws -> Decimal {
        try priceBook.baselineCost(of: usage, provider: provider, model: model).total
    }

    /// Breakdown of a group of items (one savings event).
    ///
    /// Batch discount = Σ(baseline − uncachedAtMode), cache savings = Σ(uncachedAtMode − actual)
    /// (negative when write premiums exceed read savings), dedupe = `dedupeBaseline`; baseline
    /// includes the dedupe answers, whose actual is 0.
    ///
    /// - Parameters:
    ///   - items: the billed items (primer and billed retries included, allocated to their group).
    ///   - dedupeBaseline: the summed baseline of response-cache answers.
    package func breakdown(of items: [ItemCost], dedupeBaseline: Decimal) -> SavingsBreakdown {
        let total = items.reduce(ItemCost.zero, +)
        return SavingsBreakdown(
            actual: total.actual,
            batchDiscount: total.baseline - total.uncachedAtMode,
            cacheSavings: total.uncachedAtMode - total.actual,
            dedupeSavings: dedupeBaseline)
    }

    static func perToken(_ tokens: Int, _ pricePerMillion: Decimal) -> Decimal {
        Decimal(tokens) * pricePerMillion / 1_000_000
    }
}
