/// A canonical response: the output, why it stopped and normalized usage.
package struct LLMResponse: Hashable, Sendable {
    /// What the model produced.
    package enum Output: Hashable, Sendable {
        /// Generated text (text blocks concatenated in order).
        case text(String)
        /// One vector per embedding input, in input order.
        case embeddings([[Float]])
    }

    /// The provider's id for the response, when it gives one.
    package var id: String?
    /// The model that actually answered (may be a dated snapshot of the requested alias).
    package var model: String?
    package var output: Output
    package var toolCalls: [ToolCall]
    package var stopReason: StopReason?
    package var usage: TokenUsage

    package init(
        id: String? = nil,
        model: String? = nil,
        output: Output,
        toolCalls: [ToolCall] = [],
        stopReason: StopReason? = nil,
        usage: TokenUsage
    ) {
        self.id = id
        self.model = model
        self.output = output
        self.toolCalls = toolCalls
        self.stopReason = stopReason
        self.usage = usage
    }

    /// The text output, if this is a chat response.
    package var text: String? {
        if case .text(let text) = self.output { return text }
        return nil
    }

    /// All embedding vectors, if this is an embeddings response.
    package var embeddings: [[Float]]? {
        if case .embeddings(let vectors) = self.output { return vectors }
        return nil
    }
}

extension LLMResponse: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, model, text, embeddings
        case toolCalls = "tool_calls"
        case stopReason = "stop_reason"
        case usage
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.id = try container.decodeIfPresent(String.self, forKey: .id)
        self.model = try container.decodeIfPresent(String.self, forKey: .model)
        if let vectors = try container.decodeIfPresent([[Float]].self, forKey: .embeddings) {
            self.output = .embeddings(vectors)
        } else {
            self.output = .text(try container.decodeIfPresent(String.self, forKey: .text) ?? "")
        }
        self.toolCalls = try container.decodeIfPresent([ToolCall].self, forKey: .toolCalls) ?? []
        self.stopReason = try container.decodeIfPresent(StopReason.self, forKey: .stopReason)
        self.usage = try container.decode(TokenUsage.self, forKey: .usage)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(self.id, forKey: .id)
        try container.encodeIfPresent(self.model, forKey: .model)
        switch self.output {
        case .text(let text): try container.encode(text, forKey: .text)
        case .embeddings(let vectors): try container.encode(vectors, forKey: .embeddings)
        }
        if !self.toolCalls.isEmpty {
            try container.encode(self.toolCalls, forKey: .toolCalls)
        }
        try container.encodeIfPresent(self.stopReason, forKey: .stopReason)
        try container.encode(self.usage, forKey: .usage)
    }
}
