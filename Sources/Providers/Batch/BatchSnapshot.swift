package import Foundation

/// A batch as the provider last described it.
package struct BatchSnapshot: Sendable {
    package var provider: Provider
    package var id: String
    package var state: BatchState
    /// The provider's own status word (`in_progress`, `BATCH_STATE_RUNNING`, ...).
    package var providerStatus: String
    package var counts: BatchRequestCounts
    package var createdAt: Date?
    package var endedAt: Date?
    package var expiresAt: Date?
    /// The marker label found on the batch (OpenAI metadata, Gemini display name).
    package var label: String?
    /// The model, where the provider records one per batch (OpenAI, Gemini).
    package var model: String?
    /// Why the batch failed (state ``BatchState/failed``); OpenAI `token_limit_exceeded` has
    /// category ``ProviderError/Category/queueFull``.
    package var failure: ProviderError?
    /// Where the results are; read them with the client's `results(of:)`.
    var resultLocation: ResultLocation

    /// Whether results can be streamed now.
    package var hasResults: Bool {
        switch self.resultLocation {
        case .none: false
        case .anthropic, .openAI, .geminiFile, .geminiInline: true
        }
    }

    package init(
        provider: Provider,
        id: String,
        state: BatchState,
        providerStatus: String,
        counts: BatchRequestCounts = BatchRequestCounts(),
        createdAt: Date? = nil,
        endedAt: Date? = nil,
        expiresAt: Date? = nil,
        label: String? = nil,
        model: String? = nil,
        failure: ProviderError? = nil
    ) {
        self.provider = provider
        self.id = id
        self.state = state
        self.providerStatus = providerStatus
        self.counts = counts
        self.createdAt = createdAt
        self.endedAt = endedAt
        self.expiresAt = expiresAt
        self.label = label
        self.model = model
        self.failure = failure
        self.resultLocation = .none
    }
}

/// Where a batch's results live.
enum ResultLocation: Sendable, Hashable {
    case none
    /// Anthropic `results_url`.
    case anthropic(resultsURL: String)
    /// OpenAI output and error files (either may be missing).
    case openAI(outputFileID: String?, errorFileID: String?)
    /// Gemini `responsesFile` (`files/...`).
    case geminiFile(name: String)
    /// Gemini inline responses, read from the batch resource itself.
    case geminiInline
}
