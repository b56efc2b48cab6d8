/// OpenAI Files, Batch, Chat Completions and Embeddings JSON shapes (providers.md §2.1–§2.2, SDK
/// types). Property names are the wire names.
enum OpenAIWire {
    // MARK: - Requests

    struct TextPart: Encodable {
        var type = "text"
        var text: String
    }

    /// A message's content: a string when it is a single text block, parts otherwise.
    enum MessageContent: Encodable {
        case text(String)
        case parts([TextPart])

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .parts(let parts): try container.encode(parts)
            }
        }
    }

    struct Message: Encodable {
        var role: String
        var content: MessageContent
    }

    struct Function: Encodable {
        var name: String
        var description: String?
        var parameters: JSONValue
    }

    struct Tool: Encodable {
        var type = "function"
        var function: Function
    }

    enum ToolChoiceValue: Encodable {
        case mode(String)
        case function(String)

        private struct Named: Encodable {
            struct Name: Encodable { var name: String }
            var type = "function"
            var function: Name
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .mode(let mode): try container.encode(mode)
            case .function(let name): try container.encode(Named(function: .init(name: name)))
            }
        }
    }

    struct ChatCompletionBody: Encodable {
        var model: String
        var messages: [Message]
        /// Accepted by every current chat model; reasoning models reject the older `max_tokens`.
        var max_completion_tokens: Int
        var temperature: Double?
        var top_p: Double?
        var stop: [String]?
        var tools: [Tool]?
        var tool_choice: ToolChoiceValue?
        var prompt_cache_key: String?
        var prompt_cache_retention: String?
        var service_tier: String?
    }

    struct EmbeddingsBody: Encodable {
        var model: String
        var input: [String]
        var dimensions: Int?
        var encoding_format = "float"
    }

    struct BatchLine<Body: Encodable>: Encodable {
        var custom_id: String
        var method = "POST"
        var url: String
        var body: Body
    }

    struct CreateBatchBody: Encodable {
        var input_file_id: String
        var endpoint: String
        var completion_window = "24h"
        var metadata: [String: String]?
    }

    // MARK: - Responses

    struct FileObject: Decodable {
        var id: String
        var bytes: Int?
        var filename: String?
        var purpose: String?
    }

    struct BatchError: Decodable {
        var code: String?
        var message: String?
        var param: String?
        var line: Int?
    }

    struct BatchErrors: Decodable {
        var data: [BatchError]?
    }

    struct RequestCounts: Decodable {
        var total: Int?
        var completed: Int?
        var failed: Int?
    }

    struct Batch: Decodable {
        var id: String
        var status: String
        var endpoint: String?
        var model: String?
        var input_file_id: String?
        var output_file_id: String?
        var error_file_id: String?
        var errors: BatchErrors?
        var created_at: Int?
        var expires_at: Int?
        var completed_at: Int?
        var failed_at: Int?
        var expired_at: Int?
        var cancelled_at: Int?
        var request_counts: RequestCounts?
        var metadata: [String: String]?
    }

    struct BatchList: Decodable {
        var data: [Batch]
        var has_more: Bool?
        var last_id: String?
    }

    struct PromptTokensDetails: Decodable {
        var cached_tokens: Int?
        var cache_write_tokens: Int?
    }

    struct Usage: Decodable {
        var prompt_tokens: Int?
        var completion_tokens: Int?
        var total_tokens: Int?
        var prompt_tokens_details: PromptTokensDetails?
    }

    struct FunctionCall: Decodable {
        var name: String?
        var arguments: String?
    }

    struct ToolCall: Decodable {
        var id: String?
        var function: FunctionCall?
    }

    struct ChoiceMessage: Decodable {
        var content: String?
        var refusal: String?
        var tool_calls: [ToolCall]?
    }

    struct Choice: Decodable {
        var index: Int?
        var message: ChoiceMessage?
        var finish_reason: String?
    }

    struct ChatCompletion: Decodable {
        var id: String?
        var model: String?
        var choices: [Choice]
        var usage: Usage?
    }

    struct EmbeddingItem: Decodable {
        var embedding: [Float]
        var index: Int?
    }

    struct EmbeddingsResponse: Decodable {
        var data: [EmbeddingItem]
        var model: String?
        var usage: Usage?
    }

    struct ErrorDetail: Decodable {
        var message: String?
        var type: String?
        var code: String?

        private enum CodingKeys: String, CodingKey { case message, type, code }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.message = try container.decodeIfPresent(String.self, forKey: .message)
            self.type = try container.decodeIfPresent(String.self, forKey: .type)
            // `code` is a string, a number or null depending on the error.
            if let text = try? container.decodeIfPresent(String.self, forKey: .code) {
                self.code = text
            } else if let number = try? container.decodeIfPresent(Int.self, forKey: .code) {
                self.code = String(number)
            } else {
                self.code = nil
            }
        }
    }

    /// The `body` of a batch output line: a chat completion, an embeddings list or an error.
    enum ResponseBody: Decodable {
        case chat(ChatCompletion)
        case embeddings(EmbeddingsResponse)
        case error(ErrorDetail)
        case unknown

        private enum Keys: String, CodingKey { case choices, data, error }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            if container.contains(.choices) {
                self = .chat(try ChatCompletion(from: decoder))
            } else if container.contains(.data) {
                self = .embeddings(try EmbeddingsResponse(from: decoder))
            } else if container.contains(.error) {
                self = .error(try container.decode(ErrorDetail.self, forKey: .error))
            } else {
                self = .unknown
            }
        }
    }

    struct LineResponse: Decodable {
        var status_code: Int
        var request_id: String?
        var body: ResponseBody?
    }

    struct LineError: Decodable {
        var code: String?
        var message: String?
    }

    struct OutputLine: Decodable {
        var id: String?
        var custom_id: String
        var response: LineResponse?
        var error: LineError?
    }
}
