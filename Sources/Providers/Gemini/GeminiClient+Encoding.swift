import Foundation
import NIOCore

// MARK: - Canonical request → Gemini

extension GeminiClient {
    static func content(role: String?, _ blocks: [ContentBlock]) -> GeminiWire.Content {
        GeminiWire.Content(
            role: role,
            parts: blocks.map { block in
                switch block.content {
                case .text(let text): GeminiWire.TextPart(text: text)
                }
            }
        )
    }

    static func contents(_ messages: [ChatMessage]) -> [GeminiWire.Content] {
        messages.map { message in
            Self.content(role: message.role == .user ? "user" : "model", message.content)
        }
    }

    static func tools(_ tools: [ToolDefinition]) -> [GeminiWire.Tool]? {
        guard !tools.isEmpty else { return nil }
        return [
            GeminiWire.Tool(
                functionDeclarations: tools.map {
                    GeminiWire.FunctionDeclaration(name: $0.name, description: $0.description, parameters: $0.inputSchema)
                }
            )
        ]
    }

    static func toolConfig(_ choice: ToolChoice?) -> GeminiWire.ToolConfig? {
        guard let choice else { return nil }
        let config: GeminiWire.FunctionCallingConfig =
            switch choice {
            case .auto: .init(mode: "AUTO")
            case .required: .init(mode: "ANY")
            case .none: .init(mode: "NONE")
            case .tool(let name): .init(mode: "ANY", allowedFunctionNames: [name])
            }
        return GeminiWire.ToolConfig(functionCallingConfig: config)
    }

    /// A `GenerateContentRequest`; cache marks are not sent (Gemini caches implicitly, or through
    /// ``LLMRequest/cachedContent``).
    static func generateRequest(_ request: LLMRequest) -> GeminiWire.GenerateContentRequest {
        let parameters = request.parameters
        return GeminiWire.GenerateContentRequest(
            contents: Self.contents(request.messages),
            systemInstruction: request.system.isEmpty ? nil : Self.content(role: nil, request.system),
            tools: Self.tools(request.tools),
            toolConfig: Self.toolConfig(request.toolChoice),
            generationConfig: GeminiWire.GenerationConfig(
                maxOutputTokens: parameters.maxTokens,
                temperature: parameters.temperature,
                topP: parameters.topP,
                topK: parameters.topK,
                stopSequences: parameters.stopSequences.isEmpty ? nil : parameters.stopSequences
            ),
            cachedContent: request.cachedContent.map(Self.cacheResource)
        )
    }

    static func embedRequest(model: String, text: String, dimensions: Int?) -> GeminiWire.EmbedContentRequest {
        GeminiWire.EmbedContentRequest(
            model: Self.modelResource(model),
            content: GeminiWire.Content(role: nil, parts: [GeminiWire.TextPart(text: text)]),
            outputDimensionality: dimensions
        )
    }

    /// Why Gemini cannot take this request, or `nil`. A request that references a cache must not
    /// repeat what the cache holds ("CachedContent can not be used with ... system_instruction,
    /// tools or tool_config").
    func validate(_ request: LLMRequest, forBatch: Bool) -> ProviderError? {
        if let problem = RequestValidation.common(request, provider: .gemini, limits: self.limits) {
            return problem
        }
        if request.cachedContent != nil && (!request.system.isEmpty || !request.tools.isEmpty || request.toolChoice != nil) {
            return .invalidRequest(
                provider: .gemini,
                customID: request.customID,
                message: "a request using cachedContent must leave system, tools and tool choice to the cache"
            )
        }
        if forBatch && request.kind == .embedding && request.input.count != 1 {
            return .invalidRequest(
                provider: .gemini,
                customID: request.customID,
                message: "a Gemini batch embedding request takes exactly one input (got \(request.input.count))"
            )
        }
        return nil
    }

    /// The encoded request body of a batch entry.
    static func entryBody(_ request: LLMRequest) throws -> ByteBuffer {
        switch request.kind {
        case .chat:
            try JSONCoding.encode(Self.generateRequest(request))
        case .embedding:
            try JSONCoding.encode(Self.embedRequest(model: request.model, text: request.input[0], dimensions: request.dimensions))
        }
    }

    /// `{"metadata":{"key":ID},"request":BODY}`: an inline entry.
    static func inlineEntry(customID: String, body: ByteBuffer) -> ByteBuffer {
        var entry = ByteBuffer(string: "{\"metadata\":{\"key\":")
        var key = JSONCoding.stringLiteral(customID)
        entry.writeBuffer(&key)
        entry.writeString("},\"request\":")
        var body = body
        entry.writeBuffer(&body)
        entry.writeString("}")
        return entry
    }

    /// `{"key":ID,"request":BODY}`: a file-mode line.
    static func fileLine(customID: String, body: ByteBuffer) -> ByteBuffer {
        var line = ByteBuffer(string: "{\"key\":")
        var key = JSONCoding.stringLiteral(customID)
        line.writeBuffer(&key)
        line.writeString(",\"request\":")
        var body = body
        line.writeBuffer(&body)
        line.writeString("}")
        return line
    }
}

// MARK: - Gemini responses → canonical

extension GeminiClient {
    static func response(_ payload: GeminiWire.ResponsePayload) -> LLMResponse {
        let usage = payload.usageMetadata
        let normalized = TokenUsage.gemini(
            promptTokenCount: usage?.promptTokenCount?.value ?? 0,
            cachedContentTokenCount: usage?.cachedContentTokenCount?.value,
            candidatesTokenCount: usage?.candidatesTokenCount?.value,
            thoughtsTokenCount: usage?.thoughtsTokenCount?.value,
            toolUsePromptTokenCount: usage?.toolUsePromptTokenCount?.value
        )
        if let embedding = payload.embedding {
            return LLMResponse(output: .embeddings([embedding.values]), usage: normalized)
        }
        if let embeddings = payload.embeddings {
            return LLMResponse(output: .embeddings(embeddings.map(\.values)), usage: normalized)
        }
        let candidate = payload.candidates?.first
        var text = ""
        var calls: [ToolCall] = []
        for part in candidate?.content?.parts ?? [] {
            if let call = part.functionCall {
                calls.append(ToolCall(id: call.id ?? "call_\(calls.count)", name: call.name ?? "", arguments: call.args ?? .object([:])))
            } else if let partText = part.text, part.thought != true {
                text += partText
            }
        }
        return LLMResponse(
            id: payload.responseId,
            model: payload.modelVersion,
            output: .text(text),
            toolCalls: calls,
            stopReason: candidate?.finishReason.map(StopReason.gemini),
            usage: normalized
        )
    }

    /// A per-request `google.rpc.Status` as an item error.
    static func itemError(_ status: GeminiWire.Status) -> ItemError {
        let code = status.code?.value
        let type = status.status ?? code.map { "code_\($0)" } ?? "UNKNOWN"
        return ItemError(type: type, message: status.message ?? "", httpStatus: nil, category: Self.itemCategory(status: status.status, code: code))
    }

    /// Transient codes are retriable, account codes fatal, the rest need a fixed request. Codes
    /// may be gRPC numbers or HTTP statuses.
    static func itemCategory(status: String?, code: Int?) -> ProviderError.Category {
        switch status {
        case "RESOURCE_EXHAUSTED", "INTERNAL", "UNAVAILABLE", "DEADLINE_EXCEEDED", "ABORTED", "UNKNOWN":
            return .retry
        case "PERMISSION_DENIED", "UNAUTHENTICATED", "FAILED_PRECONDITION":
            return .fatal
        case .some:
            return .fixRequest
        case nil:
            switch code {
            case 2, 4, 8, 10, 13, 14, 408, 429, 500, 502, 503, 504: return .retry
            case 7, 9, 16, 401, 403: return .fatal
            default: return .fixRequest
            }
        }
    }

    /// One line of a result file.
    static func resultItem(_ line: ByteBuffer, number: Int) throws -> BatchItemResult {
        let decoded: GeminiWire.ResultLine
        do {
            decoded = try JSONCoding.decode(GeminiWire.ResultLine.self, from: line)
        } catch {
            throw ProviderError.decoding(provider: .gemini, message: "results line \(number): \(ProviderTransport.describe(error))")
        }
        guard let key = decoded.key else {
            throw ProviderError.decoding(provider: .gemini, message: "results line \(number) has no key")
        }
        if let status = decoded.error ?? decoded.status {
            return BatchItemResult(customID: key, outcome: .errored(Self.itemError(status)))
        }
        guard let response = decoded.response else {
            throw ProviderError.decoding(provider: .gemini, message: "results line \(number) has neither response nor error")
        }
        return BatchItemResult(customID: key, outcome: .succeeded(Self.response(response)))
    }

    /// Inline responses, matched by `metadata.key` (the same order as the input is documented,
    /// but the key is what Sluice relies on).
    static func inlineItems(_ output: GeminiWire.Output?, batchID: String) throws -> [BatchItemResult] {
        let entries = output?.inlinedResponses?.inlinedResponses ?? output?.inlinedEmbedContentResponses?.inlinedResponses ?? []
        return try entries.enumerated().map { index, entry in
            guard let key = entry.metadata?.key else {
                throw ProviderError.decoding(provider: .gemini, message: "batch \(batchID): inline response \(index) has no metadata.key")
            }
            if let error = entry.error {
                return BatchItemResult(customID: key, outcome: .errored(Self.itemError(error)))
            }
            guard let response = entry.response else {
                throw ProviderError.decoding(provider: .gemini, message: "batch \(batchID): inline response \(index) is empty")
            }
            return BatchItemResult(customID: key, outcome: .succeeded(Self.response(response)))
        }
    }

    /// `BATCH_STATE_*` (raw REST) and `JOB_STATE_*` (SDK vocabulary) alike.
    static func state(_ raw: String?) -> BatchState {
        guard let raw else { return .pending }
        var word = raw
        for prefix in ["BATCH_STATE_", "JOB_STATE_"] where word.hasPrefix(prefix) {
            word.removeFirst(prefix.count)
        }
        switch word {
        case "PENDING", "QUEUED", "UNSPECIFIED": return .pending
        case "RUNNING", "PAUSED", "UPDATING": return .running
        case "SUCCEEDED", "PARTIALLY_SUCCEEDED": return .completed
        case "FAILED": return .failed
        case "CANCELLING": return .canceling
        case "CANCELLED": return .canceled
        case "EXPIRED": return .expired
        default: return .running
        }
    }

    static func snapshot(_ operation: GeminiWire.BatchOperation) -> BatchSnapshot {
        let batch = operation.batch
        let name = batch.name ?? operation.name ?? ""
        let state = Self.state(batch.state)
        let stats = batch.batchStats
        let total = stats?.requestCount?.value ?? 0
        let succeeded = stats?.successfulRequestCount?.value ?? 0
        let failed = stats?.failedRequestCount?.value ?? 0
        var failure: ProviderError?
        if state == .failed {
            failure = .batchFailed(
                provider: .gemini,
                batchID: name,
                errorType: operation.error?.status,
                message: operation.error?.message ?? "batch failed"
            )
        }
        var snapshot = BatchSnapshot(
            provider: .gemini,
            id: name,
            state: state,
            providerStatus: batch.state ?? "",
            counts: BatchRequestCounts(
                total: total,
                processing: stats?.pendingRequestCount?.value ?? (state.isTerminal ? 0 : max(0, total - succeeded - failed)),
                succeeded: succeeded,
                errored: failed
            ),
            createdAt: JSONCoding.date(batch.createTime),
            endedAt: JSONCoding.date(batch.endTime),
            label: batch.displayName,
            model: batch.model.map { $0.hasPrefix("models/") ? String($0.dropFirst(7)) : $0 },
            failure: failure
        )
        // An EXPIRED job "will not have any results to retrieve".
        if state.isTerminal && state != .expired, let output = batch.output {
            if let file = output.responsesFile {
                snapshot.resultLocation = .geminiFile(name: file)
            } else if output.inlinedResponses != nil || output.inlinedEmbedContentResponses != nil {
                snapshot.resultLocation = .geminiInline
            }
        }
        return snapshot
    }

    static func cachedContent(_ wire: GeminiWire.CachedContent) -> GeminiCachedContent {
        GeminiCachedContent(
            name: wire.name,
            model: wire.model,
            displayName: wire.displayName,
            createTime: JSONCoding.date(wire.createTime),
            updateTime: JSONCoding.date(wire.updateTime),
            expireTime: JSONCoding.date(wire.expireTime),
            totalTokenCount: wire.usageMetadata?.totalTokenCount?.value
        )
    }

    /// `"300s"` from a duration (whole seconds, at least 1).
    static func ttlString(_ ttl: Duration) -> String {
        "\(max(1, ttl.components.seconds))s"
    }
}
