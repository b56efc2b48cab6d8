import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// The emulated Anthropic API: Messages, token counting and Message Batches (providers.md §1, §7).
final class AnthropicService: Sendable {
    struct Registry: Sendable {
        var byID: [String: AnthropicBatch] = [:]
        var order: [String] = []
    }

    let core: EmulatorCore
    let cache = AnthropicPromptCache()
    let registry = Mutex(Registry())

    /// Limits of providers.md §1.3.
    enum Limits {
        static let maxBatchRequests = 100_000
        static let maxBatchBytes = 256 * 1024 * 1024
        static let maxMessageBytes = 32 * 1024 * 1024
    }

    init(core: EmulatorCore) { self.core = core }

    // MARK: - Auth and errors

    /// The workspace (API key) of a request, or the documented 401.
    func authenticate(_ request: EmulatorRequest) throws(APIFailure) -> String {
        if let version = request.header("anthropic-version"),
            version.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) == nil
        {
            throw .invalidRequest("anthropic-version: invalid value '\(version)'; expected a date such as 2023-06-01")
        }
        var key = request.header("x-api-key")
        if key == nil, let authorization = request.header("authorization"), authorization.hasPrefix("Bearer ") {
            key = String(authorization.dropFirst("Bearer ".count))
        }
        guard let key, !key.isEmpty else { throw .authentication("x-api-key header is required") }
        guard core.accepts(apiKey: key) else { throw .authentication("invalid x-api-key") }
        return key
    }

    /// Renders a failure as `{"type":"error","error":{...},"request_id":...}` with `request-id`.
    func render(_ failure: APIFailure, requestID: String) -> Response {
        let body: JSONValue = [
            "type": "error",
            "error": ["type": .string(failure.anthropicType), "message": .string(failure.message)],
            "request_id": .string(requestID),
        ]
        return Reply.json(
            body, status: HTTPResponse.Status(code: failure.status),
            headers: failure.headers + [("request-id", requestID)]
        )
    }

    func newRequestID() -> String { core.ids.make("req_01", length: 22) }

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
        if method == .post, RouteMatch.match(route, "messages") != nil {
            response = try await createMessage(&request, workspace: workspace, requestID: requestID)
        } else if method == .post, RouteMatch.match(route, "messages", "count_tokens") != nil {
            response = try await countTokens(&request, workspace: workspace)
        } else if method == .post, RouteMatch.match(route, "messages", "batches") != nil {
            response = try await createBatch(&request, workspace: workspace)
        } else if method == .get, RouteMatch.match(route, "messages", "batches") != nil {
            response = try listBatches(request, workspace: workspace)
        } else if method == .get, let id = RouteMatch.match(route, "messages", "batches", "*")?.first {
            response = Reply.json(try batch(id, workspace: workspace).json(origin: request.origin, now: core.clock.now))
        } else if method == .post, let id = RouteMatch.match(route, "messages", "batches", "*", "cancel")?.first {
            response = try await cancelBatch(id, workspace: workspace, origin: request.origin)
        } else if method == .delete, let id = RouteMatch.match(route, "messages", "batches", "*")?.first {
            response = try deleteBatch(id, workspace: workspace)
        } else if method == .get, let id = RouteMatch.match(route, "messages", "batches", "*", "results")?.first {
            response = try await results(id, workspace: workspace, context: context)
        } else if method == .get, RouteMatch.match(route, "models") != nil {
            response = listModels()
        } else if method == .get, let id = RouteMatch.match(route, "models", "*")?.first {
            guard let model = core.catalogue.model(id, provider: .anthropic), !model.retired else {
                throw APIFailure.notFound("model: \(id)")
            }
            response = Reply.json(modelJSON(model))
        } else {
            throw APIFailure.notFound("Not found")
        }
        return Reply.adding([("request-id", requestID)], to: response)
    }

    // MARK: - Messages

    /// What running one request through the model amounts to.
    struct Execution: Sendable {
        var cache: AnthropicPromptCache.Outcome
        var outputTokens: Int
        var truncated: Bool
        var totalSeconds: Double
    }

    /// Runs the cache and sizes the output for a request starting at `start`.
    func execute(_ prompt: AnthropicPrompt, at start: Date) -> Execution {
        let output = core.outputTokens(maxTokens: prompt.maxTokens, requestHash: prompt.requestHash)
        let catalogue = core.catalogue
        let outcome = cache.process(prompt, at: start) { uncached in
            catalogue.timing(prompt.model, uncachedInputTokens: uncached, outputTokens: 0).firstToken
        }
        let total = outcome.firstTokenDelay + Double(output.tokens) / catalogue.outputSpeed(prompt.model)
        return Execution(cache: outcome, outputTokens: output.tokens, truncated: output.truncated, totalSeconds: total)
    }

    /// The `Message` object for an execution.
    func message(_ prompt: AnthropicPrompt, _ execution: Execution, batch: Bool) -> JSONValue {
        let content: JSONValue =
            execution.outputTokens > 0
            ? [["type": "text", "text": .string(core.outputText(tokens: execution.outputTokens, requestHash: prompt.requestHash))]]
            : []
        let usage: JSONValue = [
            "input_tokens": .int(execution.cache.inputTokens),
            "cache_creation_input_tokens": .int(execution.cache.write5mTokens + execution.cache.write1hTokens),
            "cache_read_input_tokens": .int(execution.cache.readTokens),
            "cache_creation": [
                "ephemeral_5m_input_tokens": .int(execution.cache.write5mTokens),
                "ephemeral_1h_input_tokens": .int(execution.cache.write1hTokens),
            ],
            "output_tokens": .int(execution.outputTokens),
            "service_tier": batch ? "batch" : "standard",
        ]
        return [
            "id": .string(core.ids.make("msg_01", length: 22)),
            "type": "message",
            "role": "assistant",
            "model": .string(prompt.requestedModel),
            "content": content,
            "stop_reason": execution.truncated ? "max_tokens" : "end_turn",
            "stop_sequence": nil,
            "usage": usage,
        ]
    }

    /// Bills an execution to the ledger.
    func bill(
        _ prompt: AnthropicPrompt, _ execution: Execution, batchID: String?, customID: String?, requestID: String?,
        time: Date
    ) {
        let usage = LedgerUsage(
            inputTokens: execution.cache.inputTokens, cacheWrite5mTokens: execution.cache.write5mTokens,
            cacheWrite1hTokens: execution.cache.write1hTokens, cacheReadTokens: execution.cache.readTokens,
            outputTokens: execution.outputTokens
        )
        core.ledger.record(
            provider: .anthropic, model: prompt.model.id, mode: batchID == nil ? .realtime : .batch, batchID: batchID,
            customID: customID, requestID: requestID, time: time, usage: usage,
            prices: prompt.model.priceTable(batch: batchID != nil, promptTokens: prompt.totalTokens)
        )
    }

    func createMessage(_ request: inout EmulatorRequest, workspace: String, requestID: String) async throws -> Response {
        let body = try await request.jsonBody(
            limit: Limits.maxMessageBytes, tooLargeMessage: "Request exceeds the maximum allowed number of bytes."
        )
        try AnthropicPrompt.validateStructure(body, inBatch: false)
        if body["stream"]?.boolValue == true {
            throw APIFailure.invalidRequest("stream: streaming responses are not supported by this emulator")
        }
        let prompt = try AnthropicPrompt.build(body, catalogue: core.catalogue, workspace: workspace)
        let start = core.clock.now
        let execution = execute(prompt, at: start)
        try await core.clock.sleep(until: start.addingTimeInterval(execution.totalSeconds))
        let message = message(prompt, execution, batch: false)
        bill(
            prompt, execution, batchID: nil, customID: nil, requestID: message["id"]?.stringValue,
            time: start.addingTimeInterval(execution.totalSeconds)
        )
        return Reply.json(message)
    }

    func countTokens(_ request: inout EmulatorRequest, workspace: String) async throws -> Response {
        let body = try await request.jsonBody(
            limit: Limits.maxMessageBytes, tooLargeMessage: "Request exceeds the maximum allowed number of bytes."
        )
        try AnthropicPrompt.validateStructure(body, inBatch: false, requireMaxTokens: false)
        let prompt = try AnthropicPrompt.build(
            body, catalogue: core.catalogue, workspace: workspace, requireMaxTokens: false
        )
        return Reply.json(["input_tokens": .int(prompt.totalTokens)])
    }

    // MARK: - Models

    func modelJSON(_ model: ModelEntry) -> JSONValue {
        [
            "type": "model", "id": .string(model.id), "display_name": .string(model.id),
            "created_at": "2025-01-01T00:00:00Z",
        ]
    }

    func listModels() -> Response {
        let models = core.catalogue.models(of: .anthropic).filter { !$0.retired }
        return Reply.json([
            "data": .array(models.map(modelJSON)), "has_more": false,
            "first_id": .string(orNull: models.first?.id), "last_id": .string(orNull: models.last?.id),
        ])
    }
}
