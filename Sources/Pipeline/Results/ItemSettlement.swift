package import Foundation
package import Planning
package import Providers
package import StateStore

/// Turns one provider result into what the store records in one transaction: the request's
/// resolution (completed, retried, failed) with its result event, and the ledger row of what the
/// provider billed, priced from its own reported usage (DESIGN §2).
package struct ItemSettlement: Sendable {
    package var costs: CostCalculator
    package var results: ResultBuilder
    package var maxAttempts: Int
    /// How long a success answers identical requests; zero keeps no answers.
    package var responseCacheTTL: Duration

    package init(costs: CostCalculator, results: ResultBuilder, maxAttempts: Int, responseCacheTTL: Duration = .zero) {
        self.costs = costs
        self.results = results
        self.maxAttempts = maxAttempts
        self.responseCacheTTL = responseCacheTTL
    }

    /// The local batch a result belongs to, as the settlement needs it.
    package struct Context: Sendable {
        package var batch: BatchRecord
        package var provider: Provider
        package var providerBatchID: String
        package var mode: AttemptMode

        package init(batch: BatchRecord, provider: Provider, providerBatchID: String, mode: AttemptMode) {
            self.batch = batch
            self.provider = provider
            self.providerBatchID = providerBatchID
            self.mode = mode
        }
    }

    /// - Parameter countedInputTokens: the provider's own count of the request's input where its
    ///   response reports no usage (Gemini embeddings, counted with `countTokens`).
    package func outcome(
        customID: String, _ result: BatchItemResult.Outcome, request: RequestRecord?, context: Context, now: Date,
        countedInputTokens: Int? = nil
    ) throws -> ItemOutcome {
        var ledger: LedgerEntry?
        var usage = Providers.TokenUsage.zero
        var cost: ItemCost?
        if case .succeeded(let response) = result {
            usage = Self.billedUsage(response, provider: context.provider, request: request, counted: countedInputTokens)
            let priced = try costs.cost(
                of: usage, provider: context.provider, model: context.batch.model, mode: context.mode.pricingMode)
            cost = priced
            let split = usage.cacheWriteSplit ?? .init(fiveMinute: usage.cacheWriteInputTokens, oneHour: 0)
            ledger = LedgerEntry(
                provider: context.provider.rawValue, providerBatchID: context.providerBatchID, customID: customID,
                tenant: request?.entry.tenant, requestID: request?.entry.requestID, model: context.batch.model,
                mode: context.mode, inputTokens: usage.inputTokens, cacheReadInputTokens: usage.cacheReadInputTokens,
                cacheWrite5mInputTokens: split.fiveMinute,
                cacheWrite1hInputTokens: usage.cacheWriteInputTokens - split.fiveMinute, outputTokens: usage.outputTokens,
                actualUSD: priced.actual, baselineUSD: priced.baseline)
        }
        guard let request else {
            return ItemOutcome(customID: customID, resolution: .ledgerOnly, ledger: ledger)
        }
        let attempts = request.attempts + 1
        func record(_ status: ResultStatus, error: ResultError? = nil, response: LLMResponse? = nil) throws -> OutboxRecord {
            try results.record(
                for: request.entry,
                ResultBuilder.Outcome(
                    status: status, response: response, error: error, provider: context.provider,
                    model: context.batch.model, mode: context.mode.executionMode,
                    providerBatchID: context.mode == .batch ? context.providerBatchID : nil, usage: usage,
                    actual: cost?.actual ?? 0, baseline: cost?.baseline ?? 0, attempts: attempts,
                    submittedAt: context.batch.submittedAt.map(Date.init(unixMilliseconds:)), completedAt: now))
        }
        let exhausted = attempts >= maxAttempts
        let resolution: ItemResolution
        switch result {
        case .succeeded(let response):
            resolution = .completed(result: try record(.succeeded, response: response))
            if let key = request.entry.dedupeKey, responseCacheTTL > .zero {
                let answer = CachedAnswer(provider: context.provider, model: context.batch.model, response: response)
                return ItemOutcome(
                    customID: customID, resolution: resolution, ledger: ledger,
                    response: CachedResponse(
                        key: key, response: try answer.encoded(), createdAt: now.unixMilliseconds,
                        expiresAt: now.unixMilliseconds + responseCacheTTL.milliseconds))
            }
        case .errored(let error):
            let message = "\(error.type): \(error.message)"
            if error.isRetriable && !exhausted {
                resolution = .retry(outcome: .errored, error: message)
            } else {
                let resultError = ResultError(
                    code: Self.code(error.category), message: error.message.isEmpty ? error.type : error.message,
                    providerCode: error.type.isEmpty ? nil : error.type)
                resolution = .failed(outcome: .errored, error: message, result: try record(.failed, error: resultError))
            }
        case .expired:
            let message = "the provider's batch window closed before the request ran"
            resolution =
                exhausted
                ? .failed(
                    outcome: .expired, error: message,
                    result: try record(.expired, error: ResultError(code: "expired", message: message)))
                : .retry(outcome: .expired, error: message)
        case .canceled:
            let message = "the provider canceled the request with its batch"
            resolution =
                exhausted
                ? .failed(
                    outcome: .canceled, error: message,
                    result: try record(.canceled, error: ResultError(code: "canceled", message: message)))
                : .retry(outcome: .canceled, error: message)
        }
        return ItemOutcome(customID: customID, resolution: resolution, ledger: ledger)
    }

    /// What the provider bills for a response. Gemini's embedding responses carry no usage at all
    /// (`EmbedContentResponse` is just the vector) although the tokens are billed, so there the
    /// provider's own count stands in (`counted`), and failing that the journal's estimate: a bill
    /// of zero would be a certain error. Every other response reports its own usage.
    static func billedUsage(_ response: LLMResponse, provider: Provider, request: RequestRecord?, counted: Int? = nil)
        -> Providers.TokenUsage
    {
        guard provider == .gemini, case .embeddings = response.output, response.usage.inputTokens == 0,
            response.usage.cacheReadInputTokens == 0,
            let tokens = counted ?? request?.entry.estimatedInputTokens, tokens > 0
        else { return response.usage }
        var usage = response.usage
        usage.inputTokens = tokens
        return usage
    }

    static func code(_ category: ProviderError.Category) -> String {
        switch category {
        case .fixRequest: "invalid_request"
        case .queueFull: "rate_limited"
        case .fatal: "provider_error"
        default: "provider_error"
        }
    }
}

extension AttemptMode {
    package var pricingMode: PricingMode {
        switch self {
        case .batch: .batch
        case .realtime: .realtime
        case .flex: .flex
        }
    }

    package var executionMode: ExecutionMode {
        switch self {
        case .batch: .batch
        case .realtime: .realtime
        case .flex: .flex
        }
    }
}
