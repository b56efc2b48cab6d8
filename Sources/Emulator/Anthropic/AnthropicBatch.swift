import Foundation
import Synchronization

/// One Message Batch: its requests, its lifecycle (`in_progress → canceling → ended`), its counts
/// and the results file its items append to as they finish (providers.md §1.1–1.3).
final class AnthropicBatch: Sendable {
    /// How an item ended.
    enum ItemResult: Sendable {
        case succeeded, errored, canceled, expired
    }

    struct State: Sendable {
        var status = "in_progress"
        var submitted = false
        var remaining: Int
        var succeeded = 0
        var errored = 0
        var canceled = 0
        var expired = 0
        var endedAt: Date?
        var cancelInitiatedAt: Date?
        var deleted = false
    }

    let id: String
    let workspace: String
    let createdAt: Date
    let expiresAt: Date
    let startsAt: Date
    let items: [(customID: String, params: JSONValue)]
    let results: AppendOnlyFile
    let state: Mutex<State>

    init(
        id: String, workspace: String, createdAt: Date, startsAt: Date,
        items: [(customID: String, params: JSONValue)], results: AppendOnlyFile
    ) {
        self.id = id
        self.workspace = workspace
        self.createdAt = createdAt
        self.startsAt = startsAt
        self.expiresAt = createdAt.addingTimeInterval(24 * 3600)
        self.items = items
        self.results = results
        self.state = Mutex(State(remaining: items.count))
    }

    /// Results become unavailable 29 days after creation (providers.md §1.3).
    var archivesAt: Date { createdAt.addingTimeInterval(29 * 24 * 3600) }

    /// Records finished items; returns true when this completed the batch.
    func finish(_ result: ItemResult, count: Int = 1, now: Date) -> Bool {
        state.withLock { state in
            switch result {
            case .succeeded: state.succeeded += count
            case .errored: state.errored += count
            case .canceled: state.canceled += count
            case .expired: state.expired += count
            }
            state.remaining -= count
            if state.remaining == 0, state.endedAt == nil {
                state.status = "ended"
                state.endedAt = now
                return true
            }
            return false
        }
    }

    /// The batch object as the API returns it.
    func json(origin: String, now: Date) -> JSONValue {
        let state = self.state.withLock { $0 }
        let ended = state.status == "ended"
        // Counts other than `processing` stay zero until the whole batch has ended (§1.2).
        let counts: JSONValue = [
            "processing": .int(ended ? 0 : items.count),
            "succeeded": .int(ended ? state.succeeded : 0),
            "errored": .int(ended ? state.errored : 0),
            "canceled": .int(ended ? state.canceled : 0),
            "expired": .int(ended ? state.expired : 0),
        ]
        return [
            "id": .string(id),
            "type": "message_batch",
            "processing_status": .string(state.status),
            "request_counts": counts,
            "ended_at": .string(orNull: state.endedAt.map(Timestamps.rfc3339)),
            "created_at": .string(Timestamps.rfc3339(createdAt)),
            "expires_at": .string(Timestamps.rfc3339(expiresAt)),
            "archived_at": .string(orNull: now >= archivesAt ? Timestamps.rfc3339(archivesAt) : nil),
            "cancel_initiated_at": .string(orNull: state.cancelInitiatedAt.map(Timestamps.rfc3339)),
            "results_url": .string(orNull: ended ? "\(origin)/v1/messages/batches/\(id)/results" : nil),
        ]
    }
}
