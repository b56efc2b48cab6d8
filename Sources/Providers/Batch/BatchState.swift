/// A batch's lifecycle in one vocabulary (providers.md §5):
///
/// | canonical | Anthropic | OpenAI | Gemini |
/// |---|---|---|---|
/// | pending | | validating | PENDING |
/// | running | in_progress | in_progress | RUNNING |
/// | finalizing | | finalizing | |
/// | canceling | canceling | cancelling | CANCELLING |
/// | completed | ended | completed | SUCCEEDED |
/// | failed | | failed | FAILED |
/// | expired | | expired | EXPIRED |
/// | canceled | | cancelled | CANCELLED |
///
/// An Anthropic batch always ends `ended`; its per-request results say which were canceled or
/// expired.
package enum BatchState: String, Sendable, Hashable, Codable {
    case pending
    case running
    case finalizing
    case canceling
    case completed
    case failed
    case expired
    case canceled

    /// No further change will happen.
    package var isTerminal: Bool {
        switch self {
        case .completed, .failed, .expired, .canceled: true
        case .pending, .running, .finalizing, .canceling: false
        }
    }
}
