/// Billed quantities of one request, by kind. Input is *uncached* input only, for every provider:
/// the normalisation OpenAI and Gemini leave to the reader (their prompt counts include cached
/// tokens) is done here once.
package struct LedgerUsage: Sendable, Codable, Equatable {
    /// Uncached input tokens.
    package var inputTokens: Int = 0
    /// Anthropic 5-minute cache writes.
    package var cacheWrite5mTokens: Int = 0
    /// Anthropic 1-hour cache writes.
    package var cacheWrite1hTokens: Int = 0
    /// OpenAI GPT-5.6+ cache writes.
    package var cacheWriteTokens: Int = 0
    /// Cache reads.
    package var cacheReadTokens: Int = 0
    /// Output tokens.
    package var outputTokens: Int = 0
    /// Gemini explicit cache storage, token-hours.
    package var storageTokenHours: Double = 0

    /// Zero usage.
    package init() {}

    /// Usage with the given counts.
    package init(
        inputTokens: Int = 0, cacheWrite5mTokens: Int = 0, cacheWrite1hTokens: Int = 0, cacheWriteTokens: Int = 0,
        cacheReadTokens: Int = 0, outputTokens: Int = 0, storageTokenHours: Double = 0
    ) {
        self.inputTokens = inputTokens
        self.cacheWrite5mTokens = cacheWrite5mTokens
        self.cacheWrite1hTokens = cacheWrite1hTokens
        self.cacheWriteTokens = cacheWriteTokens
        self.cacheReadTokens = cacheReadTokens
        self.outputTokens = outputTokens
        self.storageTokenHours = storageTokenHours
    }

    /// Adds `other` into this.
    package mutating func add(_ other: LedgerUsage) {
        inputTokens += other.inputTokens
        cacheWrite5mTokens += other.cacheWrite5mTokens
        cacheWrite1hTokens += other.cacheWrite1hTokens
        cacheWriteTokens += other.cacheWriteTokens
        cacheReadTokens += other.cacheReadTokens
        outputTokens += other.outputTokens
        storageTokenHours += other.storageTokenHours
    }

    enum CodingKeys: String, CodingKey {
        case inputTokens = "input_tokens"
        case cacheWrite5mTokens = "cache_write_5m_tokens"
        case cacheWrite1hTokens = "cache_write_1h_tokens"
        case cacheWriteTokens = "cache_write_tokens"
        case cacheReadTokens = "cache_read_tokens"
        case outputTokens = "output_tokens"
        case storageTokenHours = "storage_token_hours"
    }
}
