import NIOCore

// MARK: - Canonical request → Anthropic params

extension AnthropicClient {
    /// The Messages params of a canonical chat request. `cache_control` always carries its `ttl`.
    static func params(for request: LLMRequest, includeGeneration: Bool = true) -> AnthropicWire.MessageParams {
        AnthropicWire.MessageParams(
            model: request.model,
            max_tokens: includeGeneration ? request.parameters.maxTokens : nil,
            system: request.system.isEmpty ? nil : request.system.map(Self.block),
            messages: request.messages.map { message in
                AnthropicWire.Message(role: message.role.rawValue, content: message.content.map(Self.block))
            },
            tools: request.tools.isEmpty
                ? nil
                : request.tools.map { tool in
                    AnthropicWire.Tool(
                        name: tool.name,
                        description: tool.description,
                        input_schema: tool.inputSchema,
                        cache_control: tool.cache.map(Self.cacheControl)
                    )
                },
            tool_choice: request.toolChoice.map(Self.toolChoice),
            temperature: includeGeneration ? request.parameters.temperature : nil,
            top_p: includeGeneration ? request.parameters.topP : nil,
            top_k: includeGeneration ? request.parameters.topK : nil,
            stop_sequences: includeGeneration && !request.parameters.stopSequences.isEmpty
                ? request.parameters.stopSequences : nil
        )
    }

    static func block(_ block: ContentBlock) -> AnthropicWire.TextBlock {
        switch block.content {
        case .text(let text):
            AnthropicWire.TextBlock(text: text, cache_control: block.cache.map(Self.cacheControl))
        }
    }

    static func cacheControl(_ mark: CacheMark) -> AnthropicWire.CacheControl {
        AnthropicWire.CacheControl(ttl: mark.ttl.rawValue)
    }

    static func toolChoice(_ choice: ToolChoice) -> AnthropicWire.ToolChoice {
        switch choice {
        case .auto: AnthropicWire.ToolChoice(type: "auto")
        case .required: AnthropicWire.ToolChoice(type: "any")
        case .none: AnthropicWire.ToolChoice(type: "none")
        case .tool(let name): AnthropicWire.ToolChoice(type: "tool", name: name)
        }
    }

    /// Why Anthropic cannot take this request, or `nil`.
    func validate(_ request: LLMRequest) -> ProviderError? {
        if request.kind == .embedding {
            return .unsupported(provider: .anthropic, customID: request.customID, message: "Anthropic has no embeddings API")
        }
        return RequestValidation.common(request, provider: .anthropic, limits: self.limits)
            ?? RequestValidation.anthropicCacheMarks(request)
    }
}

// MARK: - Anthropic response → canonical

extension AnthropicClient {
    static func response(_ message: AnthropicWire.MessageResponse) -> LLMResponse {
        var text = ""
        var calls: [ToolCall] = []
        for block in message.content {
            switch block.type {
            case "text":
                text += block.text ?? ""
            case "tool_use":
                calls.append(ToolCall(id: block.id ?? "", name: block.name ?? "", arguments: block.input ?? .object([:])))
            default:
                continue
            }
        }
        let usage = message.usage
        return LLMResponse(
            id: message.id,
            model: message.model,
            output: .text(text),
            toolCalls: calls,
            stopReason: message.stop_reason.map(StopReason.anthropic),
            usage: .anthropic(
                inputTokens: usage.input_tokens ?? 0,
                cacheCreationInputTokens: usage.cache_creation_input_tokens,
                cacheReadInputTokens: usage.cache_read_input_tokens,
                ephemeral5mInputTokens: usage.cache_creation?.ephemeral_5m_input_tokens,
                ephemeral1hInputTokens: usage.cache_creation?.ephemeral_1h_input_tokens,
                outputTokens: usage.output_tokens ?? 0
            )
        )
    }

    /// One line of a results file: `{"custom_id", "result": {"type": succeeded|errored|canceled|expired, ...}}`.
    static func resultItem(_ line: ByteBuffer, number: Int) throws -> BatchItemResult {
        let decoded: AnthropicWire.ResultLine
        do {
            decoded = try JSONCoding.decode(AnthropicWire.ResultLine.self, from: line)
        } catch {
            throw ProviderError.decoding(
                provider: .anthropic,
                message: "results line \(number): \(ProviderTransport.describe(error))"
            )
        }
        let outcome: BatchItemResult.Outcome
        switch decoded.result.type {
        case "succeeded":
            guard let message = decoded.result.message else {
                throw ProviderError.decoding(provider: .anthropic, message: "results line \(number): succeeded without message")
            }
            outcome = .succeeded(Self.response(message))
        case "errored":
            let detail = decoded.result.error?.error
            let type = detail?.type ?? decoded.result.error?.type ?? "api_error"
            outcome = .errored(
                ItemError(type: type, message: detail?.message ?? "", category: Self.itemCategory(type))
            )
        case "canceled":
            outcome = .canceled
        case "expired":
            outcome = .expired
        case let other:
            throw ProviderError.decoding(provider: .anthropic, message: "results line \(number): unknown result type '\(other)'")
        }
        return BatchItemResult(customID: decoded.custom_id, outcome: outcome)
    }

    /// `invalid_request_error` must be fixed first; other types "can be retried directly"
    /// (providers.md §1.7), except account problems.
    static func itemCategory(_ type: String) -> ProviderError.Category {
        switch type {
        case "invalid_request_error", "not_found_error", "request_too_large": .fixRequest
        case "authentication_error", "permission_error", "billing_error": .fatal
        default: .retry
        }
    }

    /// A batch object as a canonical snapshot.
    func snapshot(_ batch: AnthropicWire.Batch) -> BatchSnapshot {
        let counts = batch.request_counts
        let processing = counts?.processing ?? 0
        let succeeded = counts?.succeeded ?? 0
        let errored = counts?.errored ?? 0
        let canceled = counts?.canceled ?? 0
        let expired = counts?.expired ?? 0
        let state: BatchState =
            switch batch.processing_status {
            case "in_progress": .running
            case "canceling": .canceling
            case "ended": .completed
            default: .running
            }
        var snapshot = BatchSnapshot(
            provider: .anthropic,
            id: batch.id,
            state: state,
            providerStatus: batch.processing_status,
            counts: BatchRequestCounts(
                total: processing + succeeded + errored + canceled + expired,
                processing: processing,
                succeeded: succeeded,
                errored: errored,
                canceled: canceled,
                expired: expired
            ),
            createdAt: JSONCoding.date(batch.created_at),
            endedAt: JSONCoding.date(batch.ended_at),
            expiresAt: JSONCoding.date(batch.expires_at)
        )
        if state == .completed, batch.archived_at == nil {
            let url = batch.results_url ?? self.transport.endpoint.url("/v1/messages/batches/\(batch.id)/results")
            snapshot.resultLocation = .anthropic(resultsURL: url)
        }
        return snapshot
    }
}
