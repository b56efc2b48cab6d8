package import Foundation
internal import GRDB

/// Ledger sums for one (provider, model, mode), kept exact and up to date in the same transaction
/// as each new ledger row (SQL `SUM` over TEXT would go through floating point).
package struct LedgerTotals: Sendable, Hashable, Codable {
    package var provider: String
    package var model: String
    package var mode: AttemptMode
    /// Number of ledger rows summed.
    package var entryCount: Int
    package var inputTokens: Int
    package var cacheReadInputTokens: Int
    package var cacheWrite5mInputTokens: Int
    package var cacheWrite1hInputTokens: Int
    package var outputTokens: Int
    package var actualUSD: Decimal
    package var baselineUSD: Decimal

    package init(provider: String, model: String, mode: AttemptMode) {
        self.provider = provider
        self.model = model
        self.mode = mode
        entryCount = 0
        inputTokens = 0
        cacheReadInputTokens = 0
        cacheWrite5mInputTokens = 0
        cacheWrite1hInputTokens = 0
        outputTokens = 0
        actualUSD = 0
        baselineUSD = 0
    }

    package var cacheWriteInputTokens: Int { cacheWrite5mInputTokens + cacheWrite1hInputTokens }
    /// baseline − actual.
    package var savedUSD: Decimal { baselineUSD - actualUSD }

    /// Adds one ledger row.
    package mutating func add(_ entry: LedgerEntry) {
        entryCount += 1
        inputTokens += entry.inputTokens
        cacheReadInputTokens += entry.cacheReadInputTokens
        cacheWrite5mInputTokens += entry.cacheWrite5mInputTokens
        cacheWrite1hInputTokens += entry.cacheWrite1hInputTokens
        outputTokens += entry.outputTokens
        actualUSD += entry.actualUSD
        baselineUSD += entry.baselineUSD
    }

    enum CodingKeys: String, CodingKey {
        case provider, model, mode
        case entryCount = "entry_count"
        case inputTokens = "input_tokens"
        case cacheReadInputTokens = "cache_read_input_tokens"
        case cacheWrite5mInputTokens = "cache_write_5m_input_tokens"
        case cacheWrite1hInputTokens = "cache_write_1h_input_tokens"
        case outputTokens = "output_tokens"
        case actualUSD = "actual_usd"
        case baselineUSD = "baseline_usd"
    }
}

extension LedgerTotals: FetchableRecord, PersistableRecord {
    static let databaseTableName = "ledger_totals"
}
