/// Why generation stopped, in one vocabulary for the three providers.
package enum StopReason: Hashable, Sendable {
    case endTurn
    case maxTokens
    case stopSequence
    case toolUse
    case contentFilter
    /// A provider reason with no canonical meaning yet, kept verbatim.
    case other(String)

    /// The canonical spelling used in events.
    package var rawValue: String {
        switch self {
        case .endTurn: "end_turn"
        case .maxTokens: "max_tokens"
        case .stopSequence: "stop_sequence"
        case .toolUse: "tool_use"
        case .contentFilter: "content_filter"
        case .other(let raw): raw
        }
    }

    package init(rawValue: String) {
        switch rawValue {
        case "end_turn": self = .endTurn
        case "max_tokens": self = .maxTokens
        case "stop_sequence": self = .stopSequence
        case "tool_use": self = .toolUse
        case "content_filter": self = .contentFilter
        default: self = .other(rawValue)
        }
    }
}

extension StopReason: Codable {
    package init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.rawValue)
    }
}

extension StopReason {
    /// Anthropic `stop_reason`.
    static func anthropic(_ raw: String) -> StopReason {
        switch raw {
        case "end_turn": .endTurn
        case "max_tokens": .maxTokens
        case "stop_sequence": .stopSequence
        case "tool_use": .toolUse
        case "refusal": .contentFilter
        default: .other(raw)
        }
    }

    /// OpenAI `finish_reason`.
    static func openAI(_ raw: String) -> StopReason {
        switch raw {
        case "stop": .endTurn
        case "length": .maxTokens
        case "tool_calls", "function_call": .toolUse
        case "content_filter": .contentFilter
        default: .other(raw)
        }
    }

    /// Gemini `finishReason`. Gemini reports `STOP` for both a natural end and a stop sequence.
    static func gemini(_ raw: String) -> StopReason {
        switch raw {
        case "STOP": .endTurn
        case "MAX_TOKENS": .maxTokens
        case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY": .contentFilter
        case "MALFORMED_FUNCTION_CALL": .other(raw)
        default: .other(raw)
        }
    }
}
