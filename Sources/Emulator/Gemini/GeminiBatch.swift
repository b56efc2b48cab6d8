import Foundation
import Synchronization

/// One Gemini batch job (`batches/{id}`): `PENDING → RUNNING → SUCCEEDED`, or `FAILED`,
/// `CANCELLED`, `EXPIRED` after 48 h (providers.md §3.1–3.3). Results are appended to a file as
/// items finish: inlined responses (inline mode) or keyed lines of the generated results file.
final class GeminiBatch: Sendable {
    enum Kind: Sendable {
        case generate, embed
    }

    struct Item: Sendable {
        /// `key` (file mode).
        var key: String?
        /// `metadata` (inline mode).
        var metadata: JSONValue?
        /// The `GenerateContentRequest` / `EmbedContentRequest`.
        var request: JSONValue
    }

    struct State: Sendable {
        var status = "PENDING"
        var submitted = false
        var remaining: Int
        var succeeded = 0
        var failed = 0
        var updateTime: Date
        var endTime: Date?
        var deleted = false
        var cancelling = false
        var outputFileID: String?
        var error: JSONValue?
    }

    let id: String
    let workspace: String
    let model: ModelEntry
    let displayName: String?
    let kind: Kind
    let inputFile: String?
    let createdAt: Date
    let startsAt: Date
    let priority: Int
    let items: [Item]
    let results: AppendOnlyFile
    let state: Mutex<State>

    init(
        id: String, workspace: String, model: ModelEntry, displayName: String?, kind: Kind, inputFile: String?,
        createdAt: Date, startsAt: Date, priority: Int, items: [Item], results: AppendOnlyFile
    ) {
        self.id = id
        self.workspace = workspace
        self.model = model
        self.displayName = displayName
        self.kind = kind
        self.inputFile = inputFile
        self.createdAt = createdAt
        self.startsAt = startsAt
        self.priority = priority
        self.items = items
        self.results = results
        self.state = Mutex(State(remaining: items.count, updateTime: createdAt))
    }

    /// Jobs pending or running for more than 48 hours expire (§3.2).
    var expiresAt: Date { createdAt.addingTimeInterval(48 * 3600) }

    var name: String { "batches/\(id)" }

    var isTerminal: Bool {
        state.withLock { ["SUCCEEDED", "FAILED", "CANCELLED", "EXPIRED"].contains($0.status) }
    }
}
