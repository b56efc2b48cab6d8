/// Gemini API (`/v1beta`) JSON shapes (providers.md §3.1–§3.2, google-genai types). Requests use
/// the camelCase spelling the SDK sends; proto JSON also accepts snake_case.
enum GeminiWire {
    // MARK: - Requests

    struct TextPart: Encodable {
        var text: String
    }

    struct Content: Encodable {
        var role: String?
        var parts: [TextPart]
    }

    struct FunctionDeclaration: Encodable {
        var name: String
        var description: String?
        var parameters: JSONValue
    }

    struct Tool: Encodable {
        var functionDeclarations: [FunctionDeclaration]
    }

    struct FunctionCallingConfig: Encodable {
        var mode: String
        var allowedFunctionNames: [String]?
    }

    struct ToolConfig: Encodable {
        var functionCallingConfig: FunctionCallingConfig
    }

    struct GenerationConfig: Encodable {
        var maxOutputTokens: Int?
        var temperature: Double?
        var topP: Double?
        var topK: Int?
        var stopSequences: [String]?
    }

    struct GenerateContentRequest: Encodable {
        var contents: [Content]
        var systemInstruction: Content?
        var tools: [Tool]?
        var toolConfig: ToolConfig?
        var generationConfig: GenerationConfig?
        var cachedContent: String?
    }

    struct EmbedContentRequest: Encodable {
        var model: String
        var content: Content
        var outputDimensionality: Int?
    }

    struct CountTokensRequest: Encodable {
        struct Inner: Encodable {
            var model: String
            var contents: [Content]
            var systemInstruction: Content?
            var tools: [Tool]?
            var cachedContent: String?
        }

        var generateContentRequest: Inner
    }

    /// `countTokens` with bare `contents`, as an embedding model takes it.
    struct CountContentsRequest: Encodable {
        var contents: [Content]
    }

    struct CreateCachedContent: Encodable {
        var model: String
        var contents: [Content]?
        var systemInstruction: Content?
        var tools: [Tool]?
        var ttl: String
        var displayName: String?
    }

    struct UpdateCachedContent: Encodable {
        var ttl: String
    }

    struct UploadStart: Encodable {
        struct File: Encodable {
            var displayName: String
            var mimeType: String
        }

        var file: File
    }

    // MARK: - Responses

    /// An integer that proto JSON may send as a number or, for int64, as a string.
    struct FlexibleInt: Decodable {
        var value: Int

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) {
                self.value = number
            } else {
                let text = try container.decode(String.self)
                guard let number = Int(text) else {
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an integer: \(text)")
                }
                self.value = number
            }
        }
    }

    struct FunctionCall: Decodable {
        var id: String?
        var name: String?
        var args: JSONValue?
    }

    struct ResponsePart: Decodable {
        var text: String?
        var thought: Bool?
        var functionCall: FunctionCall?
    }

    struct CandidateContent: Decodable {
        var parts: [ResponsePart]?
        var role: String?
    }

    struct Candidate: Decodable {
        var content: CandidateContent?
        var finishReason: String?
    }

    struct UsageMetadata: Decodable {
        var promptTokenCount: FlexibleInt?
        var cachedContentTokenCount: FlexibleInt?
        var candidatesTokenCount: FlexibleInt?
        var thoughtsTokenCount: FlexibleInt?
        var toolUsePromptTokenCount: FlexibleInt?
        var totalTokenCount: FlexibleInt?
    }

    struct Values: Decodable {
        var values: [Float]
    }

    /// A `GenerateContentResponse` or an `EmbedContentResponse`: batch outputs of both kinds
    /// decode through this one shape.
    struct ResponsePayload: Decodable {
        var candidates: [Candidate]?
        var usageMetadata: UsageMetadata?
        var modelVersion: String?
        var responseId: String?
        var embedding: Values?
        var embeddings: [Values]?
    }

    /// A `google.rpc.Status`.
    struct Status: Decodable {
        var code: FlexibleInt?
        var message: String?
        var status: String?
    }

    struct Metadata: Decodable {
        var key: String?
    }

    struct InlinedResponse: Decodable {
        var response: ResponsePayload?
        var error: Status?
        var metadata: Metadata?
    }

    struct InlinedResponses: Decodable {
        var inlinedResponses: [InlinedResponse]?
    }

    struct Output: Decodable {
        var responsesFile: String?
        var inlinedResponses: InlinedResponses?
        var inlinedEmbedContentResponses: InlinedResponses?
    }

    struct BatchStats: Decodable {
        var requestCount: FlexibleInt?
        var successfulRequestCount: FlexibleInt?
        var failedRequestCount: FlexibleInt?
        var pendingRequestCount: FlexibleInt?
    }

    /// The batch resource (`GenerateContentBatch` / `EmbedContentBatch`).
    struct BatchResource: Decodable {
        var name: String?
        var displayName: String?
        var model: String?
        var state: String?
        var createTime: String?
        var endTime: String?
        var updateTime: String?
        var batchStats: BatchStats?
        var output: Output?
    }

    /// What `GET /v1beta/batches/{id}` returns: a long-running Operation whose `metadata` (and,
    /// when done, `response`) is the batch. A bare batch resource is accepted too.
    struct BatchOperation: Decodable {
        var name: String?
        var done: Bool?
        var metadata: BatchResource?
        var response: BatchResource?
        var error: Status?
        var direct: BatchResource

        private enum Keys: String, CodingKey { case name, done, metadata, response, error }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            self.name = try container.decodeIfPresent(String.self, forKey: .name)
            self.done = try container.decodeIfPresent(Bool.self, forKey: .done)
            self.metadata = try container.decodeIfPresent(BatchResource.self, forKey: .metadata)
            self.response = try container.decodeIfPresent(BatchResource.self, forKey: .response)
            self.error = try container.decodeIfPresent(Status.self, forKey: .error)
            self.direct = try BatchResource(from: decoder)
        }

        /// The batch fields, wherever this shape keeps them.
        var batch: BatchResource {
            var batch = self.metadata ?? self.direct
            if batch.output == nil { batch.output = self.response?.output }
            if batch.state == nil { batch.state = self.response?.state }
            if batch.batchStats == nil { batch.batchStats = self.response?.batchStats }
            if batch.name == nil { batch.name = self.name }
            return batch
        }
    }

    struct BatchList: Decodable {
        var operations: [BatchOperation]?
        var batches: [BatchOperation]?
        var nextPageToken: String?
    }

    struct FileResource: Decodable {
        var name: String
    }

    struct UploadResponse: Decodable {
        var file: FileResource
    }

    /// One line of a result file: `{"key", "response"}` or `{"key", "error" | "status"}`.
    struct ResultLine: Decodable {
        var key: String?
        var response: ResponsePayload?
        var error: Status?
        var status: Status?
    }

    struct CountTokensResponse: Decodable {
        var totalTokens: FlexibleInt
        var cachedContentTokenCount: FlexibleInt?
    }

    struct CachedContentUsage: Decodable {
        var totalTokenCount: FlexibleInt?
    }

    struct CachedContent: Decodable {
        var name: String
        var model: String?
        var displayName: String?
        var createTime: String?
        var updateTime: String?
        var expireTime: String?
        var usageMetadata: CachedContentUsage?
    }

    struct CachedContentList: Decodable {
        var cachedContents: [CachedContent]?
        var nextPageToken: String?
    }
}
