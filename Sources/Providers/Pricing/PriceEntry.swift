package import Foundation

/// One model's prices and facts, dated and sourced.
package struct PriceEntry: Sendable, Hashable {
    package var provider: Provider
    /// The canonical model id.
    package var model: String
    /// Other ids that mean this model (dated snapshots, `-latest`, `-0` aliases).
    package var aliases: [String]
    /// The date the prices were read (`YYYY-MM-DD`).
    package var asOf: String
    /// providers.md section and the provider page it cites.
    package var source: String
    package var notes: String?
    /// USD per million tokens (storage: per million token-hours).
    package var prices: [PriceField: Decimal]
    package var longContext: LongContextTier?
    package var facts: ModelFacts

    package init(
        provider: Provider,
        model: String,
        aliases: [String] = [],
        asOf: String,
        source: String,
        notes: String? = nil,
        prices: [PriceField: Decimal],
        longContext: LongContextTier? = nil,
        facts: ModelFacts = ModelFacts()
    ) {
        self.provider = provider
        self.model = model
        self.aliases = aliases
        self.asOf = asOf
        self.source = source
        self.notes = notes
        self.prices = prices
        self.longContext = longContext
        self.facts = facts
    }

    /// One price, or `nil` when the book does not list it.
    package func price(_ field: PriceField) -> Decimal? {
        self.prices[field]
    }

    /// `other` (an override of the same model) field by field over this entry.
    func merging(_ other: PriceEntry) -> PriceEntry {
        var merged = self
        merged.aliases = Array(Set(self.aliases + other.aliases)).sorted()
        merged.asOf = other.asOf
        merged.source = other.source
        merged.notes = other.notes ?? self.notes
        merged.prices.merge(other.prices) { _, new in new }
        switch (self.longContext, other.longContext) {
        case (let base?, let override?):
            merged.longContext = LongContextTier(
                thresholdTokens: override.thresholdTokens,
                prices: base.prices.merging(override.prices) { _, new in new }
            )
        case (nil, let override?):
            merged.longContext = override
        case (_, nil):
            break
        }
        merged.facts = self.facts.merging(other.facts)
        return merged
    }
}
