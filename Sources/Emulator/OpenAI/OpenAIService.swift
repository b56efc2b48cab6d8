import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// The emulated OpenAI API: Files, Batch, Chat Completions and Embeddings (providers.md §2, §7).
final class OpenAIService: Sendable {
    struct Registry: Sendable {
        var files: [String: OpenAIFile] = [:]
        var batches: [String: OpenAIBatch] = [:]
        var batchOrder: [String] = []
        var fileOrder: [String] = []
    }

    let core: EmulatorCore
    let cache = OpenAIPromptCache()
    let registry = Mutex(Registry())

    /// Limits of providers.md §2.3.
    enum Limits {
        static let maxBatchRequests = 50_000
        static let maxEmbeddingInputsPerBatch = 50_000
        static let maxBatchFileBytes = 200 * 1024 * 1024
        static let maxUploadBytes = 512 * 1024 * 1024
        static let maxRequestBytes = 32 * 1024 * 1024
        static let maxEmbeddingInputs = 2048
    }

    static let documentedEndpoints = [
        "/v1/responses", "/v1/chat/completions", "/v1/embeddings", "/v1/completions", "/v1/moderations",
        "/v1/images/generations", "/v1/images/edits", "/v1/videos",
    ]
    static let servedEndpoints = ["/v1/chat/completions", "/v1/embeddings"]

    init(core: EmulatorCore) { self.core = core }

    // MARK: - Auth and errors

    /// The organisation (API key) of a request, or the documented 401.
    func authenticate(_ request: EmulatorRequest) throws(APIFailure) -> String {
        guard let authorization = request.header("authorization"), authorization.hasPrefix("Bearer "),
            case let key = String(authorization.dropFirst("Bearer ".count)), !key.isEmpty
        else {
            throw .authentication(
                "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys."
            )
        }
        guard core.accepts(apiKey: key) else {
            let shown = key.count > 8 ? "\(key.prefix(3))*****\(key.suffix(4))" : key
            throw .authentication(
                "Incorrect API key provided: \(shown). You can find your API key at https://platform.openai.com/account/api-keys.",
                code: "invalid_api_key"
            )
        }
        return key
    }

    func newRequestID() -> String { core.ids.make("req_", length: 32, alphabet: .hex) }

    /// `{"error":{"message","type","param","code"}}` with `x-request-id`.
    func render(_ failure: APIFailure, requestID: String) -> Response {
        Reply.json(
            ["error": errorObject(failure)], status: HTTPResponse.Status(code: failure.status == 529 ? 503 : failure.status),
            headers: failure.headers + [("x-request-id", requestID)]
        )
    }

    func errorObject(_ failure: APIFailure) -> JSONValue {
        [
            "message": .string(failure.message), "type": .string(failure.openAIType),
            "param": .string(orNull: failure.param), "code": .string(orNull: failure.openAICode),
        ]
    }

    // MARK: - Routing

    /// Serves one authenticated request under `/v1/`.
    func handle(
        _ request: inout EmulatorRequest,
        context: BasicRequestContext,
        workspace: String,
        requestID: String
    ) async throws -> Response {
        let route = Array(request.segments.dropFirst())
        let method = request.method
        let response: Response
        if method == .post, RouteMatch.match(route, "chat", "completions") != nil {
            response = try await chatCompletions(&request, workspace: workspace)
        } else if method == .post, RouteMatch.match(route, "embeddings") != nil {
            response = try await embeddings(&request)
        } else if method == .post, RouteMatch.match(route, "files") != nil {
            response = try await uploadFile(&request, workspace: workspace)
        } else if method == .get, RouteMatch.match(route, "files") != nil {
            response = listFiles(request, workspace: workspace)
        } else if method == .get, let id = RouteMatch.match(route, "files", "*")?.first {
            response = Reply.json(try file(id, workspace: workspace).json)
        } else if method == .get, let id = RouteMatch.match(route, "files", "*", "content")?.first {
            let file = try file(id, workspace: workspace)
            response = try await DownloadServer.serve(
                file.url, contentType: "application/octet-stream", faults: core.faults, context: context
            )
        } else if method == .delete, let id = RouteMatch.match(route, "files", "*")?.first {
            response = try await deleteFile(id, workspace: workspace)
        } else if method == .post, RouteMatch.match(route, "batches") != nil {
            response = try await createBatch(&request, workspace: workspace)
        } else if method == .get, RouteMatch.match(route, "batches") != nil {
            response = try listBatches(request, workspace: workspace)
        } else if method == .get, let id = RouteMatch.match(route, "batches", "*")?.first {
            response = Reply.json(try batch(id, workspace: workspace).json())
        } else if method == .post, let id = RouteMatch.match(route, "batches", "*", "cancel")?.first {
            response = try cancelBatch(id, workspace: workspace)
        } else if method == .get, RouteMatch.match(route, "models") != nil {
            let models = core.catalogue.models(of: .openai).filter { !$0.retired }
            response = Reply.json(["object": "list", "data": .array(models.map(modelJSON))])
        } else if method == .get, let id = RouteMatch.match(route, "models", "*")?.first {
            guard let model = core.catalogue.model(id, provider: .openai), !model.retired else {
                throw APIFailure.notFound("The model `\(id)` does not exist or you do not have access to it.", code: "model_not_found")
            }
            response = Reply.json(modelJSON(model))
        } else {
            throw APIFailure.notFound("Invalid URL (\(request.method) \(request.path))")
        }
        return Reply.adding([("x-request-id", requestID)], to: response)
    }

    func modelJSON(_ model: ModelEntry) -> JSONValue {
        ["id": .string(model.id), "object": "model", "created": 1_700_000_000, "owned_by": "system"]
    }

    // MARK: - Chat Completions

    struct ChatExecution: Sendable {
        var cache: OpenAIPromptCache.Outcome
        var outputs: [(tokens: Int, truncated: Bool)]
        var totalSeconds: Double
        var mode: LedgerEntry.Mode
        var outputTokens: Int { outputs.reduce(0) { $0 + $1.tokens } }
    }

    func executeChat(_ prompt: OpenAIPrompt, workspace: String, at start: Date, batch: Bool) -> ChatExecution {
        let mode: LedgerEntry.Mode = batch ? .batch : (prompt.serviceTier == "flex" ? .flex : .realtime)
        let catalogue = core.catalogue
        let slowdown = mode == .flex ? 2.0 : 1.0
        let outcome = cache.process(prompt, workspace: workspace, at: start) { uncached in
            catalogue.timing(prompt.model, uncachedInputTokens: uncached, outputTokens: 0).firstToken * slowdown
        }
        let outputs = (0..<prompt.choices).map { choice in
            core.outputTokens(maxTokens: prompt.maxTokens, requestHash: prompt.requestHash &+ UInt64(choice))
        }
        let longest = outputs.map(\.tokens).max() ?? 0
        let total = outcome.firstTokenDelay + Double(longest) / catalogue.outputSpeed(prompt.model) * slowdown
        return ChatExecution(cache: outcome, outputs: outputs, totalSeconds: total, mode: mode)
    }

    func chatBody(_ prompt: OpenAIPrompt, _ execution: ChatExecution, created: Date) -> JSONValue {
        let choices: [JSONValue] = execution.outputs.enumerated().map { index, output in
            [
                "index": .int(index),
                "message": [
                    "role": "assistant",
                    "content": .string(
                        core.outputText(tokens: output.tokens, requestHash: prompt.requestHash &+ UInt64(index))
                    ),
                    "refusal": nil,
                    "annotations": [],
                ],
                "logprobs": nil,
                "finish_reason": output.truncated ? "length" : "stop",
            ]
        }
        var promptDetails: JSONObject = JSONObject([("cached_tokens", .int(execution.cache.cachedTokens)), ("audio_tokens", 0)])
        if prompt.model.cacheMode == .openAIBreakpoints {
            promptDetails["cache_write_tokens"] = .int(execution.cache.cacheWriteTokens)
        }
        let tier: String =
            switch execution.mode {
            case .flex: "flex"
            case .batch: "default"
            default: prompt.serviceTier == "priority" ? "priority" : "default"
            }
        return [
            "id": .string(core.ids.make("chatcmpl-", length: 29)),
            "object": "chat.completion",
            "created": .int(Timestamps.unixSeconds(created)),
            "model": .string(prompt.requestedModel),
            "choices": .array(choices),
            "usage": [
                "prompt_tokens": .int(prompt.promptTokens),
                "completion_tokens": .int(execution.outputTokens),
                "total_tokens": .int(prompt.promptTokens + execution.outputTokens),
                "prompt_tokens_details": .object(promptDetails),
                "completion_tokens_details": [
                    "reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0,
                    "rejected_prediction_tokens": 0,
                ],
            ],
            "service_tier": .string(tier),
            "system_fingerprint": "fp_emulator",
        ]
    }

    /// Bills a chat execution. Prompt tokens include cached ones (§2.2); the ledger splits them.
    func billChat(
        _ prompt: OpenAIPrompt, _ execution: ChatExecution, batchID: String?, customID: String?, requestID: String?,
        time: Date
    ) {
        let usage = LedgerUsage(
            inputTokens: prompt.promptTokens - execution.cache.cachedTokens - execution.cache.cacheWriteTokens,
            cacheWriteTokens: execution.cache.cacheWriteTokens, cacheReadTokens: execution.cache.cachedTokens,
            outputTokens: execution.outputTokens
        )
        core.ledger.record(
            provider: .openai, model: prompt.model.id, mode: execution.mode, batchID: batchID, customID: customID,
            requestID: requestID, time: time, usage: usage,
            prices: prompt.model.priceTable(batch: execution.mode != .realtime, promptTokens: prompt.promptTokens)
        )
    }

    func chatCompletions(_ request: inout EmulatorRequest, workspace: String) async throws -> Response {
        let body = try await request.jsonBody(
            limit: Limits.maxRequestBytes, tooLargeMessage: "Request body too large."
        )
        let prompt = try OpenAIPrompt.build(body, catalogue: core.catalogue, batch: false)
        let start = core.clock.now
        let execution = executeChat(prompt, workspace: workspace, at: start, batch: false)
        let end = start.addingTimeInterval(execution.totalSeconds)
        try await core.clock.sleep(until: end)
        let response = chatBody(prompt, execution, created: start)
        billChat(prompt, execution, batchID: nil, customID: nil, requestID: response["id"]?.stringValue, time: end)
        return Reply.json(response)
    }

    // MARK: - Embeddings

    struct EmbeddingExecution: Sendable {
        var model: ModelEntry
        var requestedModel: String
        var inputs: [(text: String, tokens: Int)]
        var dimensions: Int
        var base64: Bool
        var tokens: Int { inputs.reduce(0) { $0 + $1.tokens } }
    }

    func prepareEmbeddings(_ body: JSONValue) throws(APIFailure) -> EmbeddingExecution {
        guard let modelName = body["model"]?.stringValue else {
            throw .invalidRequest("Missing required parameter: 'model'.", param: "model", code: "missing_required_parameter")
        }
        guard let model = core.catalogue.model(modelName, provider: .openai), !model.retired else {
            throw .notFound("The model `\(modelName)` does not exist or you do not have access to it.", code: "model_not_found")
        }
        guard model.kind == .embedding, let full = model.dimensions else {
            throw .invalidRequest(
                "This model does not support embeddings: '\(modelName)'.", param: "model", code: "model_not_supported"
            )
        }
        guard let input = body["input"] else {
            throw .invalidRequest("Missing required parameter: 'input'.", param: "input", code: "missing_required_parameter")
        }
        var inputs: [(String, Int)] = []
        func add(_ value: JSONValue) throws(APIFailure) {
            switch value {
            case .string(let text):
                guard !text.isEmpty else {
                    throw .invalidRequest("'$.input' is invalid. Please check the API reference.", param: "input")
                }
                inputs.append((text, EmulatorTokenizer.count(text)))
            case .array(let tokens) where tokens.allSatisfy({ $0.intValue != nil }) && !tokens.isEmpty:
                inputs.append((tokens.map { String($0.intValue ?? 0) }.joined(separator: " "), tokens.count))
            default:
                throw .invalidRequest("'$.input' is invalid. Please check the API reference.", param: "input")
            }
        }
        switch input {
        case .string: try add(input)
        case .array(let list):
            if !list.isEmpty, list.allSatisfy({ $0.intValue != nil }) {
                try add(input)
            } else {
                guard !list.isEmpty, list.count <= Limits.maxEmbeddingInputs else {
                    throw .invalidRequest(
                        "'$.input' must contain between 1 and \(Limits.maxEmbeddingInputs) items.", param: "input"
                    )
                }
                for item in list { try add(item) }
            }
        default:
            throw .invalidRequest("'$.input' is invalid. Please check the API reference.", param: "input")
        }
        let limit = model.maxInputTokens ?? 8191
        for (_, tokens) in inputs where tokens > limit {
            throw .invalidRequest(
                "This model's maximum context length is \(limit) tokens, however you requested \(tokens) tokens (\(tokens) in your prompt; 0 for the completion). Please reduce your prompt; or completion length.",
                param: "input", code: "context_length_exceeded"
            )
        }
        var dimensions = full
        if let requested = body["dimensions"], !requested.isNull {
            guard !model.fixedDimensions else {
                throw .invalidRequest(
                    "This model does not support specifying dimensions.", param: "dimensions", code: "unsupported_parameter"
                )
            }
            guard let value = requested.intValue, (1...full).contains(value) else {
                throw .invalidRequest(
                    "Invalid value for 'dimensions': must be between 1 and \(full).", param: "dimensions",
                    code: "invalid_value"
                )
            }
            dimensions = value
        }
        let format = body["encoding_format"]?.stringValue ?? "float"
        guard format == "float" || format == "base64" else {
            throw .invalidRequest(
                "Invalid value for 'encoding_format': '\(format)'. Supported values are: 'float' and 'base64'.",
                param: "encoding_format", code: "invalid_value"
            )
        }
        return EmbeddingExecution(
            model: model, requestedModel: modelName, inputs: inputs, dimensions: dimensions, base64: format == "base64"
        )
    }

    func embeddingBody(_ execution: EmbeddingExecution) -> JSONValue {
        let data: [JSONValue] = execution.inputs.enumerated().map { index, input in
            let vector = EmbeddingGenerator.vector(
                model: execution.model.id, text: input.text, fullDimensions: execution.model.dimensions ?? execution.dimensions,
                dimensions: execution.dimensions
            )
            return [
                "object": "embedding", "index": .int(index),
                "embedding": execution.base64 ? .string(EmbeddingGenerator.base64(vector)) : EmbeddingGenerator.json(vector),
            ]
        }
        return [
            "object": "list", "data": .array(data), "model": .string(execution.requestedModel),
            "usage": ["prompt_tokens": .int(execution.tokens), "total_tokens": .int(execution.tokens)],
        ]
    }

    func embeddingSeconds(_ execution: EmbeddingExecution) -> Double {
        core.catalogue.ttft(execution.model) / 4 + Double(execution.tokens) / core.catalogue.speed.prefillTokensPerSecond
    }

    func billEmbeddings(_ execution: EmbeddingExecution, batchID: String?, customID: String?, time: Date) {
        core.ledger.record(
            provider: .openai, model: execution.model.id, mode: batchID == nil ? .realtime : .batch, batchID: batchID,
            customID: customID, requestID: nil, time: time, usage: LedgerUsage(inputTokens: execution.tokens),
            prices: execution.model.priceTable(batch: batchID != nil, promptTokens: execution.tokens)
        )
    }

    func embeddings(_ request: inout EmulatorRequest) async throws -> Response {
        let body = try await request.jsonBody(limit: Limits.maxRequestBytes, tooLargeMessage: "Request body too large.")
        let execution = try prepareEmbeddings(body)
        let start = core.clock.now
        let end = start.addingTimeInterval(embeddingSeconds(execution))
        try await core.clock.sleep(until: end)
        billEmbeddings(execution, batchID: nil, customID: nil, time: end)
        return Reply.json(embeddingBody(execution))
    }
}
