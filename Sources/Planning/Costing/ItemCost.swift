package import Foundation

/// Cost of one billed item from the provider's own normalized usage (DESIGN §2), in USD.
///
/// The three figures split savings without double counting: `baseline − uncachedAtMode` is what
/// the pricing mode (batch, flex) saved, `uncachedAtMode − actual` what caching saved net of write
/// premiums.
package struct ItemCost: Sendable, Hashable {
    /// What the provider bills (``PriceBook/cost(of:provider:model:mode:)`` total).
    package var actual: Decimal
    /// Realtime list price with no caching (``PriceBook/baselineCost(of:provider:model:)`` total).
    package var baseline: Decimal
    /// Every prompt token at the mode's uncached input price, plus output at the mode's price.
    package var uncachedAtMode: Decimal

    /// A cost as given.
    package init(actual: Decimal, baseline: Decimal, uncachedAtMode: Decimal) {
        self.actual = actual
        self.baseline = baseline
        self.uncachedAtMode = uncachedAtMode
    }

    /// Nothing billed, nothing saved.
    package static let zero = ItemCost(actual: 0, baseline: 0, uncachedAtMode: 0)

    /// Component-wise sum (pro-rata allocation of shared costs adds into one item).
    package static func + (lhs: ItemCost, rhs: ItemCost) -> ItemCost {
        ItemCost(
            actual: lhs.actual + rhs.actual, baseline: lhs.baseline + rhs.baseline,
            uncachedAtMode: lhs.uncachedAtMode + rhs.uncachedAtMode)
    }
}
