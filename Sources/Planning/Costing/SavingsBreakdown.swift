package import Foundation

/// What a group of items cost and what was saved, split by cause, in USD.
///
/// The identity `saved = baseline − actual = batchDiscount + cacheSavings + dedupeSavings` holds
/// exactly: every figure is a `Decimal` sum, never rounded before the wire.
package struct SavingsBreakdown: Sendable, Hashable {
    /// Realtime list price with no caching, response-cache answers included.
    package var baseline: Decimal
    /// What the providers bill (response-cache answers bill nothing).
    package var actual: Decimal
    /// `baseline − actual`.
    package var saved: Decimal
    /// Savings of the pricing mode (batch, flex) on uncached prices: `baseline − uncachedAtMode`.
    package var batchDiscount: Decimal
    /// Savings of prompt caching net of write premiums: `uncachedAtMode − actual`; may be negative.
    package var cacheSavings: Decimal
    /// The baseline of requests answered from Sluice's own response cache.
    package var dedupeSavings: Decimal

    /// A breakdown from its parts; `baseline` and `saved` follow from them, so the identity holds
    /// by construction.
    /// - Parameters:
    ///   - actual: what was billed.
    ///   - batchDiscount: savings of the pricing mode.
    ///   - cacheSavings: savings of prompt caching (may be negative).
    ///   - dedupeSavings: baseline of response-cache answers.
    package init(actual: Decimal, batchDiscount: Decimal, cacheSavings: Decimal, dedupeSavings: Decimal) {
        self.actual = actual
        self.batchDiscount = batchDiscount
        self.cacheSavings = cacheSavings
        self.dedupeSavings = dedupeSavings
        self.saved = batchDiscount + cacheSavings + dedupeSavings
        self.baseline = actual + self.saved
    }

    /// Nothing.
    package static let zero = SavingsBreakdown(actual: 0, batchDiscount: 0, cacheSavings: 0, dedupeSavings: 0)

    /// Component-wise sum, for totals over events or models.
    package static func + (lhs: SavingsBreakdown, rhs: SavingsBreakdown) -> SavingsBreakdown {
        SavingsBreakdown(
            actual: lhs.actual + rhs.actual, batchDiscount: lhs.batchDiscount + rhs.batchDiscount,
            cacheSavings: lhs.cacheSavings + rhs.cacheSavings, dedupeSavings: lhs.dedupeSavings + rhs.dedupeSavings)
    }
}
