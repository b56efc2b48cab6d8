package import Foundation

/// A batch as the provider last described it.
package struct BatchSnapshot: Sendable {
    /// The provider that runs it.
    package var provider: Provider
    /// The provider's id (`msgbatch_...`, `batch_...`, `batches/...`).
    package var id: String
    /// Where the batch is in its lifecycle.
    package var state: BatchState
    /// The provider's own status word (`in_progress`, `BATCH_STATE_RUNNING`, ...).
    package var providerStatus: String
    /// Per-request progress, as far as the provider shows it.
    package var counts: BatchRequestCounts
    /// When the provider created it.
    package var createdAt: Date?
    /// When it reached a terminal state.
    package var endedAt: Date?
    /// When unfinished requests expire.
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

    /// A snapshot without results (they are attached by the clients).
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
