import Foundation
import NIOCore

// MARK: - Canonical request → OpenAI bodies

extension OpenAIClient {
    /// A chat completions body. Cache marks are not sent: OpenAI caches prefixes on its own, and
    /// `prompt_cache_key` steers routing.
    static func chatBody(_ request: LLMRequest, serviceTier: RealtimeOptions.ServiceTier? = nil) -> OpenAIWire.ChatCompletionBody {
        var messages: [OpenAIWire.Message] = []
        if !request.system.isEmpty {
            messages.append(OpenAIWire.Message(role: "system", content: Self.content(request.system)))
        }
        for message in request.messages {
            messages.append(OpenAIWire.Message(role: message.role.rawValue, content: Self.content(message.content)))
        }
        return OpenAIWire.ChatCompletionBody(
            model: request.model,
            messages: messages,
            max_completion_tokens: request.parameters.maxTokens,
            temperature: request.parameters.temperature,
            top_p: request.parameters.topP,
            stop: request.parameters.stopSequences.isEmpty ? nil : request.parameters.stopSequences,
            tools: request.tools.isEmpty
                ? nil
                : request.tools.map {
                    OpenAIWire.Tool(function: .init(name: $0.name, description: $0.description, parameters: $0.inputSchema))
                },
            tool_choice: request.toolChoice.map(Self.toolChoice),
            prompt_cache_key: request.promptCacheKey,
            prompt_cache_retention: request.promptCacheRetention,
            service_tier: serviceTier?.rawValue
        )
    }

    static func embeddingsBody(_ request: LLMRequest) -> OpenAIWire.EmbeddingsBody {
        OpenAIWire.EmbeddingsBody(model: request.model, input: request.input, dimensions: request.dimensions)
    }

    static func content(_ blocks: [ContentBlock]) -> OpenAIWire.MessageContent {
        let texts = blocks.map { block in
            switch block.content {
            case .text(let text): text
            }
        }
        if texts.count == 1 { return .text(texts[0]) }
        return .parts(texts.map { OpenAIWire.TextPart(text: $0) })
    }

    static func toolChoice(_ choice: ToolChoice) -> OpenAIWire.ToolChoiceValue {
        switch choice {
        case .auto: .mode("auto")
        case .required: .mode("required")
        case .none: .mode("none")
        case .tool(let name): .function(name)
        }
    }

    /// One JSONL input line.
    static func batchLine(_ request: LLMRequest) throws -> ByteBuffer {
        let url = Self.endpointPath(request.kind)
        switch request.kind {
        case .chat:
            return try JSONCoding.encode(OpenAIWire.BatchLine(custom_id: request.customID, url: url, body: Self.chatBody(request)))
        case .embedding:
            return try JSONCoding.encode(OpenAIWire.BatchLine(custom_id: request.customID, url: url, body: Self.embeddingsBody(request)))
        }
    }
}

// MARK: - OpenAI responses → canonical

extension OpenAIClient {
    static func usage(_ usage: OpenAIWire.Usage?) -> TokenUsage {
        guard let usage else { return .zero }
        return .openAI(
            promptTokens: usage.prompt_tokens ?? 0,
            cachedTokens: usage.prompt_tokens_details?.cached_tokens,
            cacheWriteTokens: usage.prompt_tokens_details?.cache_write_tokens,
            completionTokens: usage.completion_tokens ?? 0
        )
    }

    static func response(_ completion: OpenAIWire.ChatCompletion) -> LLMResponse {
        let choice = completion.choices.first
        let calls = (choice?.message?.tool_calls ?? []).enumerated().map { index, call in
            let raw = call.function?.arguments ?? "{}"
            let arguments = (try? JSONDecoder().decode(JSONValue.self, from: Data(raw.utf8))) ?? .string(raw)
            return ToolCall(id: call.id ?? "call_\(index)", name: call.function?.name ?? "", arguments: arguments)
        }
        return LLMResponse(
            id: completion.id,
            model: completion.model,
            output: .text(choice?.message?.content ?? choice?.message?.refusal ?? ""),
            toolCalls: calls,
            stopReason: choice?.finish_reason.map(StopReason.openAI),
            usage: Self.usage(completion.usage)
        )
    }

    static func response(_ embeddings: OpenAIWire.EmbeddingsResponse) -> LLMResponse {
        let ordered = embeddings.data.enumerated().sorted { ($0.element.index ?? $0.offset) < ($1.element.index ?? $1.offset) }
        return LLMResponse(
            model: embeddings.model,
            output: .embeddings(ordered.map(\.element.embedding)),
            usage: Self.usage(embeddings.usage)
        )
    }

    /// One line of an output or error file.
    static func resultItem(_ line: ByteBuffer, number: Int) throws -> BatchItemResult {
        let decoded: OpenAIWire.OutputLine
        do {
            decoded = try JSONCoding.decode(OpenAIWire.OutputLine.self, from: line)
        } catch {
            throw ProviderError.decoding(provider: .openai, message: "results line \(number): \(ProviderTransport.describe(error))")
        }
        if let response = decoded.response {
            let status = response.status_code
            if (200..<300).contains(status) {
                switch response.body {
                case .chat(let completion)?:
                    return BatchItemResult(customID: decoded.custom_id, outcome: .succeeded(Self.response(completion)))
                case .embeddings(let embeddings)?:
                    return BatchItemResult(customID: decoded.custom_id, outcome: .succeeded(Self.response(embeddings)))
                case .error, .unknown, nil:
                    throw ProviderError.decoding(provider: .openai, message: "results line \(number): status \(status) without a known body")
                }
            }
            var detail: OpenAIWire.ErrorDetail?
            if case .error(let error)? = response.body { detail = error }
            let type = detail?.code ?? detail?.type ?? "http_\(status)"
            let message = detail?.message ?? "HTTP \(status)"
            return BatchItemResult(
                customID: decoded.custom_id,
                outcome: .errored(
                    ItemError(
                        type: type,
                        message: message,
                        httpStatus: status,
                        category: .classify(
                            provider: .openai,
                            status: status,
                            errorType: type,
                            message: message,
                            shouldRetry: nil,
                            operation: .other
                        )
                    )
                )
            )
        }
        let code = decoded.error?.code ?? "unknown_error"
        switch code {
        case "batch_expired":
            return BatchItemResult(customID: decoded.custom_id, outcome: .expired)
        case "batch_cancelled", "batch_canceled":
            return BatchItemResult(customID: decoded.custom_id, outcome: .canceled)
        default:
            let category: ProviderError.Category = code.contains("invalid") ? .fixRequest : .retry
            return BatchItemResult(
                customID: decoded.custom_id,
                outcome: .errored(ItemError(type: code, message: decoded.error?.message ?? "", category: category))
            )
        }
    }

    /// A batch object as a canonical snapshot.
    static func snapshot(_ batch: OpenAIWire.Batch) -> BatchSnapshot {
        let state: BatchState =
            switch batch.status {
            case "validating": .pending
            case "in_progress": .running
            case "finalizing": .finalizing
            case "completed": .completed
            case "failed": .failed
            case "expired": .expired
            case "cancelling": .canceling
            case "cancelled": .canceled
            default: .running
            }
        let total = batch.request_counts?.total ?? 0
        let completed = batch.request_counts?.completed ?? 0
        let failed = batch.request_counts?.failed ?? 0
        let endedAt = [batch.completed_at, batch.failed_at, batch.expired_at, batch.cancelled_at].compactMap { $0 }.max()
        var failure: ProviderError?
        if state == .failed {
            let first = batch.errors?.data?.first
            failure = .batchFailed(
                provider: .openai,
                batchID: batch.id,
                errorType: first?.code,
                message: (batch.errors?.data ?? []).map { error in
                    [error.code, error.message, error.line.map { "line \($0)" }].compactMap { $0 }.joined(separator: ": ")
                }.joined(separator: "; ")
            )
        }
        var snapshot = BatchSnapshot(
            provider: .openai,
            id: batch.id,
            state: state,
            providerStatus: batch.status,
            counts: BatchRequestCounts(
                total: total,
                processing: state.isTerminal ? 0 : max(0, total - completed - failed),
                succeeded: completed,
                errored: failed
            ),
            createdAt: batch.created_at.map { Date(timeIntervalSince1970: TimeInterval($0)) },
            endedAt: endedAt.map { Date(timeIntervalSince1970: TimeInterval($0)) },
            expiresAt: batch.expires_at.map { Date(timeIntervalSince1970: TimeInterval($0)) },
            label: batch.metadata?[BatchMarker.metadataKey],
            model: batch.model,
            failure: failure
        )
        if state.isTerminal, batch.output_file_id != nil || batch.error_file_id != nil {
            snapshot.resultLocation = .openAI(outputFileID: batch.output_file_id, errorFileID: batch.error_file_id)
        }
        return snapshot
    }
}
