import Foundation
import StateStore

/// Ledger totals summed over modes, per provider and model: the grain of the token and dollar
/// gauges (mode would triple the series for little operational use; `/v1/stats` keeps it).
struct LedgerRollup: Sendable {
    /// One provider and model, every mode summed.
    struct Totals: Sendable, Hashable {
        var provider: String
        var model: String
        var inputTokens = 0
        var cacheReadInputTokens = 0
        var cacheWriteInputTokens = 0
        var outputTokens = 0
        var baselineUSD: Decimal = 0
        var actualUSD: Decimal = 0

        var savedUSD: Decimal { baselineUSD - actualUSD }

        func tokens(_ kind: SluiceMetrics.TokenKind) -> Int {
            switch kind {
            case .input: inputTokens
            case .cacheRead: cacheReadInputTokens
            case .cacheWrite: cacheWriteInputTokens
            case .output: outputTokens
            }
        }

        func dollars(_ kind: SluiceMetrics.DollarKind) -> Decimal {
            switch kind {
            case .baseline: baselineUSD
            case .actual: actualUSD
            case .saved: savedUSD
            }
        }
    }

    /// Sorted by provider, then model.
    let byProviderAndModel: [Totals]

    init(_ ledger: [LedgerTotals]) {
        var sums: [String: Totals] = [:]
        for row in ledger {
            let key = "\(row.provider)\u{0}\(row.model)"
            var totals = sums[key] ?? Totals(provider: row.provider, model: row.model)
            totals.inputTokens += row.inputTokens
            totals.cacheReadInputTokens += row.cacheReadInputTokens
            totals.cacheWriteInputTokens += row.cacheWriteInputTokens
            totals.outputTokens += row.outputTokens
            totals.baselineUSD += row.baselineUSD
            totals.actualUSD += row.actualUSD
            sums[key] = totals
        }
        byProviderAndModel = sums.values.sorted { ($0.provider, $0.model) < ($1.provider, $1.model) }
    }
}
