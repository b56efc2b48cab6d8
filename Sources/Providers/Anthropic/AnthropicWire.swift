/// Anthropic Messages and Message Batches JSON shapes (providers.md §1.2, SDK types). Property
/// names are the wire names.
enum AnthropicWire {
    // MARK: - Requests

    struct CacheControl: Encodable {
        var type = "ephemeral"
        var ttl: String
    }

    struct TextBlock: Encodable {
        var type = "text"
        var text: String
        var cache_control: CacheControl?
    }

    struct Message: Encodable {
        var role: String
        var content: [TextBlock]
    }

    struct Tool: Encodable {
        var name: String
        var description: String?
        var input_schema: JSONValue
        var cache_control: CacheControl?
    }

    struct ToolChoice: Encodable {
        var type: String
        var name: String?
    }

    /// `MessageCreateParamsNonStreaming`; `max_tokens` is absent for count_tokens, which rejects it.
    struct MessageParams: Encodable {
        var model: String
        var max_tokens: Int?
        var system: [TextBlock]?
        var messages: [Message]
        var tools: [Tool]?
        var tool_choice: ToolChoice?
        var temperature: Double?
        var top_p: Double?
        var top_k: Int?
        var stop_sequences: [String]?
    }

    struct BatchItem: Encodable {
        var custom_id: String
        var params: MessageParams
    }

    // MARK: - Responses

    struct ResponseBlock: Decodable {
        var type: String
        var text: String?
        var id: String?
        var name: String?
        var input: JSONValue?
    }

    struct CacheCreation: Decodable {
        var ephemeral_5m_input_tokens: Int?
        var ephemeral_1h_input_tokens: Int?
    }

    struct Usage: Decodable {
        var input_tokens: Int?
        var output_tokens: Int?
        var cache_creation_input_tokens: Int?
        var cache_read_input_tokens: Int?
        var cache_creation: CacheCreation?
    }

    struct MessageResponse: Decodable {
        var id: String?
        var model: String?
        var content: [ResponseBlock]
        var stop_reason: String?
        var usage: Usage
    }

    struct RequestCounts: Decodable {
        var processing: Int?
        var succeeded: Int?
        var errored: Int?
        var canceled: Int?
        var expired: Int?
    }

    struct Batch: Decodable {
        var id: String
        var processing_status: String
        var request_counts: RequestCounts?
        var created_at: String?
        var expires_at: String?
        var ended_at: String?
        var cancel_initiated_at: String?
        var archived_at: String?
        var results_url: String?
    }

    struct BatchList: Decodable {
        var data: [Batch]
        var has_more: Bool?
        var first_id: String?
        var last_id: String?
    }

    struct ErrorDetail: Decodable {
        var type: String?
        var message: String?
    }

    struct ErrorResponse: Decodable {
        var type: String?
        var error: ErrorDetail?
        var request_id: String?
    }

    struct Result: Decodable {
        var type: String
        var message: MessageResponse?
        var error: ErrorResponse?
    }

    struct ResultLine: Decodable {
        var custom_id: String
        var result: Result
    }

    struct TokenCount: Decodable {
        var input_tokens: Int
    }
}
