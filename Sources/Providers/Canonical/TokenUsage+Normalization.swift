// MARK: - Provider usage → canonical usage

extension TokenUsage {
    /// Anthropic reports cache reads and writes beside `input_tokens`, which already excludes them
    /// (`total = cache_read + cache_creation + input_tokens`, providers.md §1.5).
    package static func anthropic(
        inputTokens: Int,
        cacheCreationInputTokens: Int?,
        cacheReadInputTokens: Int?,
        ephemeral5mInputTokens: Int?,
        ephemeral1hInputTokens: Int?,
        outputTokens: Int
    ) -> TokenUsage {
        let split: CacheWriteSplit? =
            if ephemeral5mInputTokens != nil || ephemeral1hInputTokens != nil {
                CacheWriteSplit(fiveMinute: ephemeral5mInputTokens ?? 0, oneHour: ephemeral1hInputTokens ?? 0)
            } else {
                nil
            }
        // `cache_creation_input_tokens` is the sum of the split; trust the split when the total is missing.
        let writes = cacheCreationInputTokens ?? split.map { $0.fiveMinute + $0.oneHour } ?? 0
        return TokenUsage(
            inputTokens: inputTokens,
            cacheReadInputTokens: cacheReadInputTokens ?? 0,
            cacheWriteInputTokens: writes,
            cacheWriteSplit: split,
            outputTokens: outputTokens
        )
    }

    /// OpenAI counts `cached_tokens` (and, from GPT-5.6, `cache_write_tokens`) inside
    /// `prompt_tokens`; they are taken out so nothing is counted twice. Reasoning tokens are
    /// already inside `completion_tokens`.
    package static func openAI(
        promptTokens: Int,
        cachedTokens: Int?,
        cacheWriteTokens: Int?,
        completionTokens: Int
    ) -> TokenUsage {
        let read = cachedTokens ?? 0
        let write = cacheWriteTokens ?? 0
        return TokenUsage(
            inputTokens: max(0, promptTokens - read - write),
            cacheReadInputTokens: read,
            cacheWriteInputTokens: write,
            outputTokens: completionTokens
        )
    }

    /// Gemini counts `cachedContentTokenCount` inside `promptTokenCount`; thinking tokens are
    /// reported apart from candidates but billed as output, and tool-use prompt tokens apart from
    /// the prompt but billed as input.
    package static func gemini(
        promptTokenCount: Int,
        cachedContentTokenCount: Int?,
        candidatesTokenCount: Int?,
        thoughtsTokenCount: Int?,
        toolUsePromptTokenCount: Int?
    ) -> TokenUsage {
        let read = cachedContentTokenCount ?? 0
        return TokenUsage(
            inputTokens: max(0, promptTokenCount - read) + (toolUsePromptTokenCount ?? 0),
            cacheReadInputTokens: read,
            cacheWriteInputTokens: 0,
            outputTokens: (candidatesTokenCount ?? 0) + (thoughtsTokenCount ?? 0)
        )
    }
}
