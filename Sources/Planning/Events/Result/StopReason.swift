/// Why a chat answer stopped, normalized across providers.
package enum StopReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// The model finished on its own (Anthropic `end_turn`, OpenAI `stop`, Gemini `STOP`).
    case end
    /// Cut off by `max_tokens`: the answer is probably incomplete.
    case maxTokens = "max_tokens"
    case stopSequence = "stop_sequence"
    case contentFilter = "content_filter"
    case other
}
