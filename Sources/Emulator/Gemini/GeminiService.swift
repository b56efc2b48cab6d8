import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// The emulated Gemini Developer API under `/v1beta`: generateContent, countTokens, embeddings,
/// Batch Mode, context caches and the Files API with resumable uploads (providers.md §3, §7).
final class GeminiService: Sendable {
    struct Upload: Sendable {
        var workspace: String
        var expected: Int
        var mimeType: String
        var displayName: String?
        var file: AppendOnlyFile
        var received: Int
    }

    struct Registry: Sendable {
        var batches: [String: GeminiBatch] = [:]
        var batchOrder: [String] = []
        var files: [String: GeminiFile] = [:]
        var fileOrder: [String] = []
        var caches: [String: GeminiCachedContent] = [:]
        var cacheOrder: [String] = []
        var uploads: [String: Upload] = [:]
    }

    let core: EmulatorCore
    let implicitCache = GeminiImplicitCache()
    let registry = Mutex(Registry())

    /// Limits of providers.md §3.3.
    enum Limits {
        static let maxInlineBytes = 20 * 1024 * 1024
        static let maxFileBytes = 2 * 1024 * 1024 * 1024
        static let maxConcurrentBatches = 100
        static let maxRequestBytes = 20 * 1024 * 1024
        static let fileLifetime: Double = 48 * 3600
    }

    init(core: EmulatorCore) { self.core = core }

    // MARK: - Auth and errors

    /// The API key of a request (header or `?key=`), or the documented errors.
    func authenticate(_ request: EmulatorRequest) throws(APIFailure) -> String {
        guard let key = request.header("x-goog-api-key") ?? request.query["key"], !key.isEmpty else {
            throw .permissionDenied(
                "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."
            )
        }
        guard core.accepts(apiKey: key) else {
            var failure = APIFailure.invalidRequest("API key not valid. Please pass a valid API key.")
            failure.geminiDetails = [
                [
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID",
                    "domain": "googleapis.com", "metadata": ["service": "generativelanguage.googleapis.com"],
                ]
            ]
            throw failure
        }
        return key
    }

    /// `{"error":{"code","message","status"}}`.
    func render(_ failure: APIFailure) -> Response {
        let code = failure.status == 529 ? 503 : (failure.status == 413 ? 400 : failure.status)
        return Reply.json(["error": errorStatus(failure)], status: HTTPResponse.Status(code: code), headers: failure.headers)
    }

    func errorStatus(_ failure: APIFailure) -> JSONValue {
        var object = JSONObject([
            ("code", .int(failure.status == 529 ? 503 : (failure.status == 413 ? 400 : failure.status))),
            ("message", .string(failure.message)),
            ("status", .string(failure.geminiStatus)),
        ])
        if !failure.geminiDetails.isEmpty { object["details"] = .array(failure.geminiDetails) }
        return .object(object)
    }

    func state(_ raw: String) -> String {
        core.configuration.geminiStateStyle == .jobState ? "JOB_STATE_\(raw)" : "BATCH_STATE_\(raw)"
    }

    // MARK: - Routing

    /// Serves one authenticated request under `/v1beta`, `/upload/v1beta` or `/download/v1beta`.
    func handle(
        _ request: inout EmulatorRequest,
        context: BasicRequestContext,
        workspace: String
    ) async throws -> Response {
        let segments = request.segments
        let method = request.method
        if segments.first == "upload" {
            guard method == .post, RouteMatch.match(segments, "upload", "v1beta", "files") != nil else {
                throw APIFailure.notFound("Method not found.")
            }
            return try await upload(&request, workspace: workspace)
        }
        if segments.first == "download" {
            guard method == .get, let target = RouteMatch.match(segments, "download", "v1beta", "files", "*")?.first,
                target.hasSuffix(":download")
            else { throw APIFailure.notFound("Method not found.") }
            return try await download(String(target.dropLast(":download".count)), workspace: workspace, context: context)
        }
        let route = Array(segments.dropFirst())
        if let target = RouteMatch.match(route, "models", "*")?.first, let colon = target.lastIndex(of: ":") {
            let model = String(target[..<colon])
            let verb = String(target[target.index(after: colon)...])
            guard method == .post else { throw APIFailure.notFound("Method not found.") }
            switch verb {
            case "generateContent": return try await generateContent(&request, model: model, workspace: workspace)
            case "countTokens": return try await countTokens(&request, model: model, workspace: workspace)
            case "embedContent": return try await embedContent(&request, model: model)
            case "batchEmbedContents": return try await batchEmbedContents(&request, model: model)
            case "batchGenerateContent":
                return try await createBatch(&request, model: model, kind: .generate, workspace: workspace)
            case "asyncBatchEmbedContent":
                return try await createBatch(&request, model: model, kind: .embed, workspace: workspace)
            case "streamGenerateContent":
                throw APIFailure.invalidRequest("streamGenerateContent is not supported by this emulator.")
            default: throw APIFailure.notFound("Method not found.")
            }
        }
        if method == .get, RouteMatch.match(route, "models") != nil { return listModels() }
        if method == .get, let id = RouteMatch.match(route, "models", "*")?.first {
            guard let model = core.catalogue.model(id, provider: .gemini), !model.retired else {
                throw APIFailure.notFound("models/\(id) is not found for API version v1beta.")
            }
            return Reply.json(modelJSON(model))
        }
        // Batches.
        if method == .get, RouteMatch.match(route, "batches") != nil {
            return listBatches(request, workspace: workspace)
        }
        if let target = RouteMatch.match(route, "batches", "*")?.first {
            if target.hasSuffix(":cancel") {
                guard method == .post else { throw APIFailure.notFound("Method not found.") }
                return try cancelBatch(String(target.dropLast(":cancel".count)), workspace: workspace)
            }
            if method == .get { return try await operation(batch(target, workspace: workspace), origin: request.origin) }
            if method == .delete { return try deleteBatch(target, workspace: workspace) }
        }
        // Context caches.
        if RouteMatch.match(route, "cachedContents") != nil {
            if method == .post { return try await createCache(&request, workspace: workspace) }
            if method == .get { return listCaches(request, workspace: workspace) }
        }
        if let id = RouteMatch.match(route, "cachedContents", "*")?.first {
            if method == .get { return Reply.json(try cache(id, workspace: workspace).json) }
            if method == .patch { return try await updateCache(&request, id: id, workspace: workspace) }
            if method == .delete { return try deleteCache(id, workspace: workspace) }
        }
        // Files.
        if method == .get, RouteMatch.match(route, "files") != nil { return listFiles(request, workspace: workspace) }
        if let target = RouteMatch.match(route, "files", "*")?.first {
            if target.hasSuffix(":download"), method == .get {
                return try await download(String(target.dropLast(":download".count)), workspace: workspace, context: context)
            }
            if method == .get { return Reply.json(try file(target, workspace: workspace).json(origin: request.origin)) }
            if method == .delete { return try await deleteFile(target, workspace: workspace) }
        }
        throw APIFailure.notFound("Method not found.")
    }

    func modelJSON(_ model: ModelEntry) -> JSONValue {
        var methods: [JSONValue] = model.kind == .chat
            ? ["generateContent", "countTokens", "createCachedContent", "batchGenerateContent"]
            : ["embedContent", "batchEmbedContents", "asyncBatchEmbedContent"]
        methods.sort { ($0.stringValue ?? "") < ($1.stringValue ?? "") }
        return [
            "name": .string("models/\(model.id)"), "version": "001", "displayName": .string(model.id),
            "inputTokenLimit": .int(model.contextWindow ?? model.maxInputTokens ?? 0),
            "outputTokenLimit": .int(model.maxOutputTokens ?? 1), "supportedGenerationMethods": .array(methods),
        ]
    }

    func listModels() -> Response {
        let models = core.catalogue.models(of: .gemini).filter { !$0.retired }
        return Reply.json(["models": .array(models.map(modelJSON))])
    }

    // MARK: - generateContent

    struct Execution: Sendable {
        var implicitCached: Int
        var outputs: [(tokens: Int, truncated: Bool)]
        var totalSeconds: Double
        var outputTokens: Int { outputs.reduce(0) { $0 + $1.tokens } }
    }

    func execute(_ prompt: GeminiPrompt, at start: Date) -> Execution {
        let catalogue = core.catalogue
        let (cached, delay) = implicitCache.process(prompt, at: start) { uncached in
            catalogue.timing(prompt.model, uncachedInputTokens: uncached, outputTokens: 0).firstToken
        }
        let outputs = (0..<prompt.candidates).map { index in
            core.outputTokens(maxTokens: prompt.maxTokens, requestHash: prompt.requestHash &+ UInt64(index))
        }
        let longest = outputs.map(\.tokens).max() ?? 0
        return Execution(
            implicitCached: cached, outputs: outputs,
            totalSeconds: delay + Double(longest) / catalogue.outputSpeed(prompt.model)
        )
    }

    /// Tokens served from a cache, explicit or implicit (both inside `promptTokenCount`, §3.2).
    func cachedTokens(_ prompt: GeminiPrompt, _ execution: Execution) -> Int {
        (prompt.cachedContent?.tokens ?? 0) + execution.implicitCached
    }

    func responseBody(_ prompt: GeminiPrompt, _ execution: Execution) -> JSONValue {
        let candidates: [JSONValue] = execution.outputs.enumerated().map { index, output in
            [
                "content": [
                    "parts": [
                        ["text": core.outputText(tokens: output.tokens, requestHash: prompt.requestHash &+ UInt64(index))]
                    ],
                    "role": "model",
                ],
                "finishReason": output.truncated ? "MAX_TOKENS" : "STOP",
                "index": .int(index),
            ]
        }
        let cached = cachedTokens(prompt, execution)
        var usage = JSONObject([
            ("promptTokenCount", .int(prompt.promptTokens)),
            ("candidatesTokenCount", .int(execution.outputTokens)),
            ("totalTokenCount", .int(prompt.promptTokens + execution.outputTokens)),
        ])
        if cached > 0 { usage["cachedContentTokenCount"] = .int(cached) }
        usage["promptTokensDetails"] = [["modality": "TEXT", "tokenCount": .int(prompt.promptTokens)]]
        if cached > 0 { usage["cacheTokensDetails"] = [["modality": "TEXT", "tokenCount": .int(cached)]] }
        return [
            "candidates": .array(candidates),
            "usageMetadata": .object(usage),
            "modelVersion": .string(prompt.model.id),
            "responseId": .string(core.ids.make("", length: 22)),
        ]
    }

    /// Bills a request. Cache hits pay the context-cache rate, which is the same in batch (no
    /// stacking, §3.4–3.5); the rest of the prompt pays the (batch) input rate.
    func bill(_ prompt: GeminiPrompt, _ execution: Execution, batchID: String?, key: String?, time: Date) {
        let cached = cachedTokens(prompt, execution)
        core.ledger.record(
            provider: .gemini, model: prompt.model.id, mode: batchID == nil ? .realtime : .batch, batchID: batchID,
            customID: key, requestID: nil, time: time,
            usage: LedgerUsage(
                inputTokens: prompt.promptTokens - cached, cacheReadTokens: cached, outputTokens: execution.outputTokens
            ),
            prices: prompt.model.priceTable(batch: batchID != nil, promptTokens: prompt.promptTokens)
        )
    }

    func buildPrompt(_ body: JSONValue, model: String, workspace: String, method: String = "generateContent") throws(APIFailure)
        -> GeminiPrompt
    {
        try GeminiPrompt.build(
            body, modelName: model, catalogue: core.catalogue, workspace: workspace, method: method
        ) { name throws(APIFailure) in
            try self.liveCache(name, workspace: workspace)
        }
    }

    func generateContent(_ request: inout EmulatorRequest, model: String, workspace: String) async throws -> Response {
        let body = try await request.jsonBody(
            limit: Limits.maxRequestBytes, tooLargeMessage: "Request payload size exceeds the limit: 20971520 bytes."
        )
        let prompt = try buildPrompt(body, model: model, workspace: workspace)
        let start = core.clock.now
        let execution = execute(prompt, at: start)
        let end = start.addingTimeInterval(execution.totalSeconds)
        try await core.clock.sleep(until: end)
        bill(prompt, execution, batchID: nil, key: nil, time: end)
        return Reply.json(responseBody(prompt, execution))
    }

    func countTokens(_ request: inout EmulatorRequest, model: String, workspace: String) async throws -> Response {
        let body = try await request.jsonBody(
            limit: Limits.maxRequestBytes, tooLargeMessage: "Request payload size exceeds the limit: 20971520 bytes."
        )
        if let embedding = core.catalogue.model(model, provider: .gemini), embedding.kind == .embedding, !embedding.retired {
            return Reply.json(.object(try countEmbeddingTokens(body)))
        }
        var inner = GeminiPrompt.field(body, "generateContentRequest") ?? body
        if case .object(var object) = inner, object["contents"] == nil, let contents = body["contents"] {
            object["contents"] = contents
            inner = .object(object)
        }
        let prompt = try buildPrompt(inner, model: model, workspace: workspace, method: "countTokens")
        var response = JSONObject([("totalTokens", .int(prompt.promptTokens))])
        if let cached = prompt.cachedContent { response["cachedContentTokenCount"] = .int(cached.tokens) }
        response["promptTokensDetails"] = [["modality": "TEXT", "tokenCount": .int(prompt.promptTokens)]]
        return Reply.json(.object(response))
    }

    // MARK: - Embeddings

    /// `countTokens` on an embedding model: the tokens `embedContent` would bill for each of
    /// `contents`, summed. Embedding responses carry no usage (§3.6), so this is how a client
    /// learns what it is billed; the LiteLLM thread on Gemini embedding costs uses it the same way.
    func countEmbeddingTokens(_ body: JSONValue) throws(APIFailure) -> JSONObject {
        try GeminiPrompt.checkContents(GeminiPrompt.field(body, "contents"), location: "CountTokensRequest", required: true)
        let contents = GeminiPrompt.field(body, "contents")?.arrayValue ?? []
        let total = contents.reduce(0) { sum, content in
            let text = (content["parts"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }.joined(separator: "\n")
            return sum + EmulatorTokenizer.count(text)
        }
        return JSONObject([
            ("totalTokens", .int(total)), ("promptTokensDetails", [["modality": "TEXT", "tokenCount": .int(total)]]),
        ])
    }

    func embeddingModel(_ name: String, method: String) throws(APIFailure) -> ModelEntry {
        guard let model = core.catalogue.model(name, provider: .gemini), !model.retired, model.kind == .embedding else {
            throw .notFound(
                "models/\(name.replacingOccurrences(of: "models/", with: "")) is not found for API version v1beta, or is not supported for \(method). Call ListModels to see the list of available models and their supported methods."
            )
        }
        return model
    }

    /// One embedding for an `EmbedContentRequest`; returns the vector JSON and its tokens.
    func embed(_ request: JSONValue, model: ModelEntry) throws(APIFailure) -> (embedding: JSONValue, tokens: Int) {
        guard let content = GeminiPrompt.field(request, "content"), let parts = content["parts"]?.arrayValue,
            !parts.isEmpty
        else {
            throw .invalidRequest("* EmbedContentRequest.content: content is not specified\n")
        }
        let text = parts.compactMap { $0["text"]?.stringValue }.joined(separator: "\n")
        let tokens = EmulatorTokenizer.count(text)
        if let limit = model.maxInputTokens, tokens > limit {
            throw .invalidRequest("Request contains an input of \(tokens) tokens; the limit is \(limit) tokens.")
        }
        let full = model.dimensions ?? 768
        var dimensions = full
        if let requested = GeminiPrompt.field(request, "outputDimensionality")?.intValue {
            guard (1...full).contains(requested) else {
                throw .invalidRequest("output_dimensionality must be between 1 and \(full).")
            }
            dimensions = requested
        }
        let vector = EmbeddingGenerator.vector(model: model.id, text: text, fullDimensions: full, dimensions: dimensions)
        return (["values": EmbeddingGenerator.json(vector)], tokens)
    }

    func billEmbedding(_ model: ModelEntry, tokens: Int, batchID: String?, key: String?, time: Date) {
        core.ledger.record(
            provider: .gemini, model: model.id, mode: batchID == nil ? .realtime : .batch, batchID: batchID,
            customID: key, requestID: nil, time: time, usage: LedgerUsage(inputTokens: tokens),
            prices: model.priceTable(batch: batchID != nil, promptTokens: tokens)
        )
    }

    func embedContent(_ request: inout EmulatorRequest, model name: String) async throws -> Response {
        let body = try await request.jsonBody(limit: Limits.maxRequestBytes, tooLargeMessage: "Request payload size exceeds the limit: 20971520 bytes.")
        let model = try embeddingModel(name, method: "embedContent")
        let (embedding, tokens) = try embed(body, model: model)
        let end = core.clock.now.addingTimeInterval(core.catalogue.ttft(model) / 4)
        try await core.clock.sleep(until: end)
        billEmbedding(model, tokens: tokens, batchID: nil, key: nil, time: end)
        return Reply.json(["embedding": embedding])
    }

    func batchEmbedContents(_ request: inout EmulatorRequest, model name: String) async throws -> Response {
        let body = try await request.jsonBody(limit: Limits.maxRequestBytes, tooLargeMessage: "Request payload size exceeds the limit: 20971520 bytes.")
        let model = try embeddingModel(name, method: "batchEmbedContents")
        guard let requests = body["requests"]?.arrayValue, !requests.isEmpty else {
            throw APIFailure.invalidRequest("* BatchEmbedContentsRequest.requests: requests is not specified\n")
        }
        guard requests.count <= 100 else {
            throw APIFailure.invalidRequest("* BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch\n")
        }
        var embeddings: [JSONValue] = []
        var tokens = 0
        for item in requests {
            if let itemModel = item["model"]?.stringValue, core.catalogue.model(itemModel, provider: .gemini)?.id != model.id {
                throw APIFailure.invalidRequest("Model \(itemModel) in a request differs from the model in the URL (models/\(model.id)).")
            }
            let (embedding, count) = try embed(item, model: model)
            embeddings.append(embedding)
            tokens += count
        }
        let end = core.clock.now.addingTimeInterval(core.catalogue.ttft(model) / 4)
        try await core.clock.sleep(until: end)
        billEmbedding(model, tokens: tokens, batchID: nil, key: nil, time: end)
        return Reply.json(["embeddings": .array(embeddings)])
    }
}
