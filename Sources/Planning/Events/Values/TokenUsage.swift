/// Token counts normalized across providers so that they never overlap: the three input counts add
/// up to the whole prompt. (OpenAI and Gemini report cached tokens inside prompt tokens, Anthropic
/// separately; the provider clients subtract before filling this in.)
package struct TokenUsage: Sendable, Hashable, Encodable, ContractDecodable, AdditiveArithmetic {
    /// Prompt tokens at the uncached input price.
    package var inputTokens: Int
    /// Prompt tokens read from the prompt cache.
    package var cacheReadInputTokens: Int
    /// Prompt tokens written to the prompt cache.
    package var cacheWriteInputTokens: Int
    /// Generated tokens.
    package var outputTokens: Int

    package init(inputTokens: Int = 0, cacheReadInputTokens: Int = 0, cacheWriteInputTokens: Int = 0, outputTokens: Int = 0) {
        self.inputTokens = inputTokens
        self.cacheReadInputTokens = cacheReadInputTokens
        self.cacheWriteInputTokens = cacheWriteInputTokens
        self.outputTokens = outputTokens
    }

    package static let zero = TokenUsage()

    /// The whole prompt: uncached + cache reads + cache writes.
    package var promptTokens: Int { inputTokens + cacheReadInputTokens + cacheWriteInputTokens }

    /// Share of the prompt read from the cache (0 when there was no prompt).
    package var cacheHitRatio: Double {
        promptTokens == 0 ? 0 : Double(cacheReadInputTokens) / Double(promptTokens)
    }

    package static func + (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
        TokenUsage(
            inputTokens: lhs.inputTokens + rhs.inputTokens,
            cacheReadInputTokens: lhs.cacheReadInputTokens + rhs.cacheReadInputTokens,
            cacheWriteInputTokens: lhs.cacheWriteInputTokens + rhs.cacheWriteInputTokens,
            outputTokens: lhs.outputTokens + rhs.outputTokens
        )
    }

    package static func - (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
        TokenUsage(
            inputTokens: lhs.inputTokens - rhs.inputTokens,
            cacheReadInputTokens: lhs.cacheReadInputTokens - rhs.cacheReadInputTokens,
            cacheWriteInputTokens: lhs.cacheWriteInputTokens - rhs.cacheWriteInputTokens,
            outputTokens: lhs.outputTokens - rhs.outputTokens
        )
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case inputTokens = "input_tokens"
        case cacheReadInputTokens = "cache_read_input_tokens"
        case cacheWriteInputTokens = "cache_write_input_tokens"
        case outputTokens = "output_tokens"
    }

    package init(contract json: JSONValue, at path: JSONPath) throws(EventValidationError) {
        let object = try ContractObject(json, at: path)
        try object.rejectUnknownKeys(CodingKeys.self)
        inputTokens = try object.integer(CodingKeys.inputTokens, in: 0...Int.max)
        cacheReadInputTokens = try object.integer(CodingKeys.cacheReadInputTokens, in: 0...Int.max)
        cacheWriteInputTokens = try object.integer(CodingKeys.cacheWriteInputTokens, in: 0...Int.max)
        outputTokens = try object.integer(CodingKeys.outputTokens, in: 0...Int.max)
    }
}
