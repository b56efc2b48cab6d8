/// The canonical LLM request: what Sluice means to ask, before any provider's wire shape.
///
/// One value encodes to an Anthropic batch item, an OpenAI JSONL line or a Gemini batch entry, and
/// to the matching realtime call. Prefix order is the caching order of all three providers:
/// `tools` → `system` → `messages`.
package struct LLMRequest: Hashable, Sendable, Codable {
    /// The caller's id for this request inside a batch; results are matched on it because no
    /// provider guarantees result order. Anthropic allows `^[a-zA-Z0-9_-]{1,64}$`.
    package var customID: String
    /// Model id (aliases and dated snapshots are fine).
    package var model: String
    /// Chat or embeddings.
    package var kind: RequestKind
    /// Tool definitions, first in the cached prefix.
    package var tools: [ToolDefinition]
    /// How the model must use the tools.
    package var toolChoice: ToolChoice?
    /// System prompt blocks, after tools in the cached prefix.
    package var system: [ContentBlock]
    /// Conversation turns, last in the cached prefix.
    package var messages: [ChatMessage]
    /// Sampling and length parameters.
    package var parameters: GenerationParameters
    /// Embedding inputs (``RequestKind/embedding`` only).
    package var input: [String]
    /// Requested embedding size where the model supports shortening.
    package var dimensions: Int?
    /// OpenAI `prompt_cache_key`: routes requests sharing a prefix to the same cache machines.
    package var promptCacheKey: String?
    /// OpenAI `prompt_cache_retention` (`"24h"` or `"in_memory"`): extended retention keeps a
    /// prefix cached across batches that start minutes apart (providers.md §2.5).
    package var promptCacheRetention: String?
    /// Gemini explicit cache reference (`cachedContents/<id>`). The cached part (system, tools,
    /// leading contents) must then be left out of this request.
    package var cachedContent: String?

    package init(
        customID: String,
        model: String,
        kind: RequestKind = .chat,
        tools: [ToolDefinition] = [],
        toolChoice: ToolChoice? = nil,
        system: [ContentBlock] = [],
        messages: [ChatMessage] = [],
        parameters: GenerationParameters = GenerationParameters(maxTokens: 1024),
        input: [String] = [],
        dimensions: Int? = nil,
        promptCacheKey: String? = nil,
        promptCacheRetention: String? = nil,
        cachedContent: String? = nil
    ) {
        self.customID = customID
        self.model = model
        self.kind = kind
        self.tools = tools
        self.toolChoice = toolChoice
        self.system = system
        self.messages = messages
        self.parameters = parameters
        self.input = input
        self.dimensions = dimensions
        self.promptCacheKey = promptCacheKey
        self.promptCacheRetention = promptCacheRetention
        self.cachedContent = cachedContent
    }

    /// A chat request.
    package static func chat(
        customID: String,
        model: String,
        system: [ContentBlock] = [],
        messages: [ChatMessage],
        tools: [ToolDefinition] = [],
        parameters: GenerationParameters = GenerationParameters(maxTokens: 1024)
    ) -> LLMRequest {
        LLMRequest(
            customID: customID,
            model: model,
            kind: .chat,
            tools: tools,
            system: system,
            messages: messages,
            parameters: parameters
        )
    }

    /// An embeddings request.
    package static func embedding(
        customID: String,
        model: String,
        input: [String],
        dimensions: Int? = nil
    ) -> LLMRequest {
        LLMRequest(customID: customID, model: model, kind: .embedding, input: input, dimensions: dimensions)
    }

    /// Every cache mark in prefix order (tools, system, messages), which is the order providers
    /// check their rules in (at most 4 on Anthropic; 1h entries before 5m ones).
    package var cacheMarks: [CacheMark] {
        self.tools.compactMap(\.cache) + self.system.compactMap(\.cache)
            + self.messages.flatMap { $0.content.compactMap(\.cache) }
    }

    private enum CodingKeys: String, CodingKey {
        case customID = "custom_id"
        case model, kind, tools
        case toolChoice = "tool_choice"
        case system, messages, parameters, input, dimensions
        case promptCacheKey = "prompt_cache_key"
        case promptCacheRetention = "prompt_cache_retention"
        case cachedContent = "cached_content"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.customID = try container.decode(String.self, forKey: .customID)
        self.model = try container.decode(String.self, forKey: .model)
        self.kind = try container.decodeIfPresent(RequestKind.self, forKey: .kind) ?? .chat
        self.tools = try container.decodeIfPresent([ToolDefinition].self, forKey: .tools) ?? []
        self.toolChoice = try container.decodeIfPresent(ToolChoice.self, forKey: .toolChoice)
        self.system = try container.decodeIfPresent([ContentBlock].self, forKey: .system) ?? []
        self.messages = try container.decodeIfPresent([ChatMessage].self, forKey: .messages) ?? []
        self.parameters =
            try container.decodeIfPresent(GenerationParameters.self, forKey: .parameters)
            ?? GenerationParameters(maxTokens: 1024)
        self.input = try container.decodeIfPresent([String].self, forKey: .input) ?? []
        self.dimensions = try container.decodeIfPresent(Int.self, forKey: .dimensions)
        self.promptCacheKey = try container.decodeIfPresent(String.self, forKey: .promptCacheKey)
        self.promptCacheRetention = try container.decodeIfPresent(String.self, forKey: .promptCacheRetention)
        self.cachedContent = try container.decodeIfPresent(String.self, forKey: .cachedContent)
    }
}
