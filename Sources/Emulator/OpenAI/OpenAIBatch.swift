import Foundation
import Synchronization

/// One OpenAI batch and its lifecycle: `validating → in_progress → finalizing → completed`, or
/// `failed`, `cancelling → cancelled`, `expired` (providers.md §2.1–2.3). Successful lines go to
/// the output file, failed and expired ones to the error file, both appended as items finish.
final class OpenAIBatch: Sendable {
    struct Item: Sendable {
        var customID: String
        var body: JSONValue
    }

    struct State: Sendable {
        var status = "validating"
        var validatesAt: Date
        var inProgressAt: Date?
        var finalizingAt: Date?
        var finalizesAt: Date?
        var completedAt: Date?
        var failedAt: Date?
        var expiredAt: Date?
        var cancellingAt: Date?
        var cancelledAt: Date?
        var expiring = false
        var outputFileID: String?
        var errorFileID: String?
        var errors: [JSONValue]?
        var model: String?
        var items: [Item] = []
        var promptTokens = 0
        var submitted = false
        var total = 0
        var completed = 0
        var failed = 0
        var remaining = 0
        var outputLines = 0
        var errorLines = 0
        var inputTokens = 0
        var cachedTokens = 0
        var outputTokens = 0
    }

    let id: String
    let workspace: String
    let endpoint: String
    let inputFileID: String
    let metadata: JSONValue
    let outputExpiresAfter: Double?
    let createdAt: Date
    let expiresAt: Date
    let output: AppendOnlyFile
    let errorsFile: AppendOnlyFile
    let state: Mutex<State>

    init(
        id: String, workspace: String, endpoint: String, inputFileID: String, metadata: JSONValue,
        outputExpiresAfter: Double?, createdAt: Date, validatesAt: Date, output: AppendOnlyFile,
        errorsFile: AppendOnlyFile
    ) {
        self.id = id
        self.workspace = workspace
        self.endpoint = endpoint
        self.inputFileID = inputFileID
        self.metadata = metadata
        self.outputExpiresAfter = outputExpiresAfter
        self.createdAt = createdAt
        self.expiresAt = createdAt.addingTimeInterval(24 * 3600)
        self.output = output
        self.errorsFile = errorsFile
        self.state = Mutex(State(validatesAt: validatesAt))
    }

    /// Whether the batch reached a terminal status.
    var isTerminal: Bool {
        state.withLock { ["completed", "failed", "expired", "cancelled"].contains($0.status) }
    }

    /// The `Batch` object.
    func json() -> JSONValue {
        let state = self.state.withLock { $0 }
        func time(_ date: Date?) -> JSONValue { .int(orNull: date.map(Timestamps.unixSeconds)) }
        let errors: JSONValue =
            state.errors.map { ["object": "list", "data": .array($0)] } ?? .null
        return [
            "id": .string(id),
            "object": "batch",
            "endpoint": .string(endpoint),
            "model": .string(orNull: state.model),
            "errors": errors,
            "input_file_id": .string(inputFileID),
            "completion_window": "24h",
            "status": .string(state.status),
            "output_file_id": .string(orNull: state.outputFileID),
            "error_file_id": .string(orNull: state.errorFileID),
            "created_at": .int(Timestamps.unixSeconds(createdAt)),
            "in_progress_at": time(state.inProgressAt),
            "expires_at": .int(Timestamps.unixSeconds(expiresAt)),
            "finalizing_at": time(state.finalizingAt),
            "completed_at": time(state.completedAt),
            "failed_at": time(state.failedAt),
            "expired_at": time(state.expiredAt),
            "cancelling_at": time(state.cancellingAt),
            "cancelled_at": time(state.cancelledAt),
            "request_counts": [
                "total": .int(state.total), "completed": .int(state.completed), "failed": .int(state.failed),
            ],
            "usage": [
                "input_tokens": .int(state.inputTokens),
                "input_tokens_details": ["cached_tokens": .int(state.cachedTokens)],
                "output_tokens": .int(state.outputTokens),
                "output_tokens_details": ["reasoning_tokens": 0],
                "total_tokens": .int(state.inputTokens + state.outputTokens),
            ],
            "metadata": metadata,
        ]
    }
}
