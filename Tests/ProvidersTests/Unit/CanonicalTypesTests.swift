import Foundation
import Testing

@testable import Providers

@Suite("Canonical types and usage normalization", .timeLimit(.minutes(1)))
struct CanonicalTypesTests {
    @Test func requestRoundTripsThroughJSON() throws {
        var request = LLMRequest.chat(
            customID: "doc-1",
            model: "claude-sonnet-4-5",
            system: [.text("You classify documents.", cache: .oneHour)],
            messages: [.user("Classify this."), .assistant("Label:")],
            tools: [ToolDefinition(name: "label", inputSchema: ["type": "object"], cache: .fiveMinutes)],
            parameters: GenerationParameters(maxTokens: 64, temperature: 0.2, stopSequences: ["END"])
        )
        request.toolChoice = .tool("label")
        request.promptCacheKey = "tenant-a"
        let data = try JSONEncoder().encode(request)
        let decoded = try JSONDecoder().decode(LLMRequest.self, from: data)
        #expect(decoded == request)
        #expect(decoded.cacheMarks == [.fiveMinutes, .oneHour])
    }

    @Test func responseRoundTripsThroughJSON() throws {
        let response = LLMResponse(
            id: "msg_1",
            model: "m",
            output: .embeddings([[0.5, -1], [2]]),
            stopReason: .other("weird"),
            usage: TokenUsage(inputTokens: 3, cacheReadInputTokens: 4, cacheWriteInputTokens: 5, cacheWriteSplit: .init(fiveMinute: 2, oneHour: 3), outputTokens: 6)
        )
        let decoded = try JSONDecoder().decode(LLMResponse.self, from: JSONEncoder().encode(response))
        #expect(decoded == response)
        let json = try TestJSON.parse(String(decoding: JSONEncoder().encode(response.usage), as: UTF8.self))
        #expect(json == (try TestJSON.parse(#"{"input_tokens":3,"cache_read_input_tokens":4,"cache_write_input_tokens":5,"cache_write":{"ephemeral_5m_input_tokens":2,"ephemeral_1h_input_tokens":3},"output_tokens":6}"#)))
    }

    /// Anthropic reports cache tokens beside input_tokens: nothing is subtracted.
    @Test func anthropicUsageKeepsInputAsReported() {
        let usage = TokenUsage.anthropic(
            inputTokens: 50,
            cacheCreationInputTokens: 1200,
            cacheReadInputTokens: 3000,
            ephemeral5mInputTokens: 200,
            ephemeral1hInputTokens: 1000,
            outputTokens: 20
        )
        #expect(usage.inputTokens == 50)
        #expect(usage.cacheReadInputTokens == 3000)
        #expect(usage.cacheWriteInputTokens == 1200)
        #expect(usage.cacheWriteSplit == .init(fiveMinute: 200, oneHour: 1000))
        #expect(usage.totalInputTokens == 4250)
    }

    /// OpenAI counts cached (and GPT-5.6+ written) tokens inside prompt_tokens.
    @Test func openAIUsageTakesCachedTokensOutOfThePrompt() {
        let usage = TokenUsage.openAI(promptTokens: 2006, cachedTokens: 1920, cacheWriteTokens: nil, completionTokens: 300)
        #expect(usage.inputTokens == 86)
        #expect(usage.cacheReadInputTokens == 1920)
        #expect(usage.totalInputTokens == 2006)
        let writes = TokenUsage.openAI(promptTokens: 5000, cachedTokens: 1000, cacheWriteTokens: 3000, completionTokens: 1)
        #expect(writes.inputTokens == 1000)
        #expect(writes.cacheWriteInputTokens == 3000)
        #expect(writes.totalInputTokens == 5000)
    }

    /// Gemini counts cachedContentTokenCount inside promptTokenCount; thoughts are output.
    @Test func geminiUsageTakesCachedTokensOutOfThePrompt() {
        let usage = TokenUsage.gemini(
            promptTokenCount: 10_000,
            cachedContentTokenCount: 8_000,
            candidatesTokenCount: 100,
            thoughtsTokenCount: 50,
            toolUsePromptTokenCount: nil
        )
        #expect(usage.inputTokens == 2_000)
        #expect(usage.cacheReadInputTokens == 8_000)
        #expect(usage.outputTokens == 150)
        #expect(usage.totalInputTokens == 10_000)
    }

    @Test func usageSumKeepsSplitOnlyWhenBothSidesHaveOne() {
        let a = TokenUsage(cacheWriteInputTokens: 10, cacheWriteSplit: .init(fiveMinute: 10, oneHour: 0))
        let b = TokenUsage(cacheWriteInputTokens: 5, cacheWriteSplit: .init(fiveMinute: 0, oneHour: 5))
        let c = TokenUsage(cacheWriteInputTokens: 7)
        #expect((a + b).cacheWriteSplit == .init(fiveMinute: 10, oneHour: 5))
        #expect((a + c).cacheWriteSplit == nil)
        #expect((a + .zero).cacheWriteSplit == a.cacheWriteSplit)
        #expect((a + c).cacheWriteInputTokens == 17)
    }

    @Test func stopReasonsMapToOneVocabulary() {
        #expect(StopReason.anthropic("max_tokens") == .maxTokens)
        #expect(StopReason.openAI("length") == .maxTokens)
        #expect(StopReason.gemini("MAX_TOKENS") == .maxTokens)
        #expect(StopReason.openAI("tool_calls") == .toolUse)
        #expect(StopReason.gemini("SAFETY") == .contentFilter)
        #expect(StopReason(rawValue: "pause_turn") == .other("pause_turn"))
    }
}
