/// Token usage normalized across providers, so that every token is counted exactly once.
///
/// The trap it avoids: OpenAI and Gemini count cached tokens *inside* their prompt count, while
/// Anthropic reports them *beside* `input_tokens`. Here `inputTokens` is always the uncached rest,
/// and the total prompt is the sum of the three input fields.
package struct TokenUsage: Hashable, Sendable {
    /// Prompt tokens that were neither read from nor written to a cache.
    package var inputTokens: Int
    /// Prompt tokens read from a cache.
    package var cacheReadInputTokens: Int
    /// Prompt tokens written to a cache (all TTLs).
    package var cacheWriteInputTokens: Int
    /// How the writes split by TTL, where the provider says (Anthropic's `cache_creation`);
    /// `nil` when it does not.
    package var cacheWriteSplit: CacheWriteSplit?
    /// Generated tokens, thinking/reasoning included (they are billed as output).
    package var outputTokens: Int

    /// Cache writes by TTL.
    package struct CacheWriteSplit: Hashable, Sendable, Codable {
        package var fiveMinute: Int
        package var oneHour: Int

        package init(fiveMinute: Int, oneHour: Int) {
            self.fiveMinute = fiveMinute
            self.oneHour = oneHour
        }

        private enum CodingKeys: String, CodingKey {
            case fiveMinute = "ephemeral_5m_input_tokens"
            case oneHour = "ephemeral_1h_input_tokens"
        }
    }

    package init(
        inputTokens: Int = 0,
        cacheReadInputTokens: Int = 0,
        cacheWriteInputTokens: Int = 0,
        cacheWriteSplit: CacheWriteSplit? = nil,
        outputTokens: Int = 0
    ) {
        self.inputTokens = inputTokens
        self.cacheReadInputTokens = cacheReadInputTokens
        self.cacheWriteInputTokens = cacheWriteInputTokens
        self.cacheWriteSplit = cacheWriteSplit
        self.outputTokens = outputTokens
    }

    package static let zero = TokenUsage()

    /// Every prompt token, cached or not.
    package var totalInputTokens: Int {
        self.inputTokens + self.cacheReadInputTokens + self.cacheWriteInputTokens
    }

    /// Sums two usages; the TTL split survives only if both sides carry one (or one side wrote
    /// nothing), otherwise the sum would invent a split.
    package static func + (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
        let split: CacheWriteSplit? =
            switch (lhs.cacheWriteSplit, rhs.cacheWriteSplit) {
            case (let l?, let r?): CacheWriteSplit(fiveMinute: l.fiveMinute + r.fiveMinute, oneHour: l.oneHour + r.oneHour)
            case (let l?, nil) where rhs.cacheWriteInputTokens == 0: l
            case (nil, let r?) where lhs.cacheWriteInputTokens == 0: r
            default: nil
            }
        return TokenUsage(
            inputTokens: lhs.inputTokens + rhs.inputTokens,
            cacheReadInputTokens: lhs.cacheReadInputTokens + rhs.cacheReadInputTokens,
            cacheWriteInputTokens: lhs.cacheWriteInputTokens + rhs.cacheWriteInputTokens,
            cacheWriteSplit: split,
            outputTokens: lhs.outputTokens + rhs.outputTokens
        )
    }
}

extension TokenUsage: Codable {
    private enum CodingKeys: String, CodingKey {
        case inputTokens = "input_tokens"
        case cacheReadInputTokens = "cache_read_input_tokens"
        case cacheWriteInputTokens = "cache_write_input_tokens"
        case cacheWriteSplit = "cache_write"
        case outputTokens = "output_tokens"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.inputTokens = try container.decodeIfPresent(Int.self, forKey: .inputTokens) ?? 0
        self.cacheReadInputTokens = try container.decodeIfPresent(Int.self, forKey: .cacheReadInputTokens) ?? 0
        self.cacheWriteInputTokens = try container.decodeIfPresent(Int.self, forKey: .cacheWriteInputTokens) ?? 0
        self.cacheWriteSplit = try container.decodeIfPresent(CacheWriteSplit.self, forKey: .cacheWriteSplit)
        self.outputTokens = try container.decodeIfPresent(Int.self, forKey: .outputTokens) ?? 0
    }
}
