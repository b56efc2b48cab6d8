/// Which price list applies to a request.
package enum PricingMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Synchronous API at list price.
    case realtime
    /// The provider's batch API (50% off on all three).
    case batch
    /// OpenAI flex processing: synchronous, slower, at batch-like prices. Uses `flex_*` prices
    /// when listed, otherwise OpenAI's batch prices (providers.md §2.4).
    case flex
}
