/// Checks every provider applies before encoding a request for a batch.
enum RequestValidation {
    /// Rules shared by all providers: custom id, content present, `max_tokens ≥ 1` (batches reject
    /// 0, providers.md §1.2), embeddings with inputs.
    static func common(_ request: LLMRequest, provider: Provider, limits: BatchLimits) -> ProviderError? {
        if let problem = limits.customIDProblem(request.customID) {
            return .invalidRequest(provider: provider, customID: request.customID, message: problem)
        }
        if request.model.isEmpty {
            return .invalidRequest(provider: provider, customID: request.customID, message: "model is empty")
        }
        switch request.kind {
        case .chat:
            if request.messages.isEmpty {
                return .invalidRequest(provider: provider, customID: request.customID, message: "a chat request needs at least one message")
            }
            if request.parameters.maxTokens < 1 {
                return .invalidRequest(
                    provider: provider,
                    customID: request.customID,
                    message: "max_tokens must be at least 1 (got \(request.parameters.maxTokens))"
                )
            }
        case .embedding:
            if request.input.isEmpty {
                return .invalidRequest(provider: provider, customID: request.customID, message: "an embedding request needs input")
            }
        }
        return nil
    }

    /// Anthropic's cache rules: at most 4 breakpoints, and 1-hour entries before 5-minute ones
    /// (providers.md §1.5).
    static func anthropicCacheMarks(_ request: LLMRequest) -> ProviderError? {
        let marks = request.cacheMarks
        if marks.count > 4 {
            return .invalidRequest(
                provider: .anthropic,
                customID: request.customID,
                message: "\(marks.count) cache breakpoints; Anthropic allows at most 4"
            )
        }
        var seenFiveMinute = false
        for mark in marks {
            switch mark.ttl {
            case .fiveMinutes:
                seenFiveMinute = true
            case .oneHour where seenFiveMinute:
                return .invalidRequest(
                    provider: .anthropic,
                    customID: request.customID,
                    message: "a 1h cache breakpoint follows a 5m one; 1h entries must come first"
                )
            case .oneHour:
                break
            }
        }
        return nil
    }
}
