/// The ledger at one moment: every entry, totals per provider and model, and the grand total.
package struct LedgerSnapshot: Sendable, Codable, Equatable {
    /// Sums for one (provider, model).
    package struct Total: Sendable, Codable, Equatable {
        /// Provider.
        package var provider: Provider
        /// Canonical model id.
        package var model: String
        /// Number of billed entries.
        package var entries: Int
        /// Summed quantities.
        package var usage: LedgerUsage
        /// Summed dollars.
        package var cost: LedgerCost
    }

    /// Every billed entry in order.
    package var entries: [LedgerEntry]
    /// Per (provider, model), sorted by provider then model.
    package var totals: [Total]
    /// Everything, in USD.
    package var totalUSD: Double

    enum CodingKeys: String, CodingKey {
        case entries, totals
        case totalUSD = "total_usd"
    }

    /// The total for one provider and model, if anything was billed.
    package func total(provider: Provider, model: String) -> Total? {
        totals.first { $0.provider == provider && $0.model == model }
    }

    /// Dollars billed by one provider.
    package func totalUSD(provider: Provider) -> Double {
        totals.filter { $0.provider == provider }.reduce(0) { $0 + $1.cost.total }
    }
}
