/// Dollars of one request (or a total), by kind.
package struct LedgerCost: Sendable, Codable, Equatable {
    /// Uncached input.
    package var input: Double = 0
    /// Anthropic 5-minute cache writes.
    package var cacheWrite5m: Double = 0
    /// Anthropic 1-hour cache writes.
    package var cacheWrite1h: Double = 0
    /// OpenAI GPT-5.6+ cache writes.
    package var cacheWrite: Double = 0
    /// Cache reads.
    package var cacheRead: Double = 0
    /// Output.
    package var output: Double = 0
    /// Gemini explicit cache storage.
    package var storage: Double = 0

    /// Zero cost.
    package init() {}

    /// The sum of every kind.
    package var total: Double { input + cacheWrite5m + cacheWrite1h + cacheWrite + cacheRead + output + storage }

    /// Adds `other` into this.
    package mutating func add(_ other: LedgerCost) {
        input += other.input
        cacheWrite5m += other.cacheWrite5m
        cacheWrite1h += other.cacheWrite1h
        cacheWrite += other.cacheWrite
        cacheRead += other.cacheRead
        output += other.output
        storage += other.storage
    }

    /// The price of `usage` at `prices` (USD per million tokens). Cache reads with no listed price
    /// (OpenAI batch "-") are billed at the input price: measured, not discounted.
    package static func of(_ usage: LedgerUsage, at prices: ModelPrices) -> LedgerCost {
        var cost = LedgerCost()
        let perToken = 1.0 / 1_000_000
        cost.input = Double(usage.inputTokens) * prices.input * perToken
        cost.cacheWrite5m = Double(usage.cacheWrite5mTokens) * (prices.cacheWrite5m ?? prices.input) * perToken
        cost.cacheWrite1h = Double(usage.cacheWrite1hTokens) * (prices.cacheWrite1h ?? prices.input) * perToken
        cost.cacheWrite = Double(usage.cacheWriteTokens) * (prices.cacheWrite ?? prices.input) * perToken
        cost.cacheRead = Double(usage.cacheReadTokens) * (prices.cacheRead ?? prices.input) * perToken
        cost.output = Double(usage.outputTokens) * prices.output * perToken
        cost.storage = usage.storageTokenHours * (prices.cacheStoragePerHour ?? 0) * perToken
        return cost
    }

    enum CodingKeys: String, CodingKey {
        case input
        case cacheWrite5m = "cache_write_5m"
        case cacheWrite1h = "cache_write_1h"
        case cacheWrite = "cache_write"
        case cacheRead = "cache_read"
        case output, storage, total
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        input = try container.decode(Double.self, forKey: .input)
        cacheWrite5m = try container.decode(Double.self, forKey: .cacheWrite5m)
        cacheWrite1h = try container.decode(Double.self, forKey: .cacheWrite1h)
        cacheWrite = try container.decode(Double.self, forKey: .cacheWrite)
        cacheRead = try container.decode(Double.self, forKey: .cacheRead)
        output = try container.decode(Double.self, forKey: .output)
        storage = try container.decode(Double.self, forKey: .storage)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(input, forKey: .input)
        try container.encode(cacheWrite5m, forKey: .cacheWrite5m)
        try container.encode(cacheWrite1h, forKey: .cacheWrite1h)
        try container.encode(cacheWrite, forKey: .cacheWrite)
        try container.encode(cacheRead, forKey: .cacheRead)
        try container.encode(output, forKey: .output)
        try container.encode(storage, forKey: .storage)
        try container.encode(total, forKey: .total)
    }
}
