package import Foundation
internal import GRDB

/// A local batch as stored, without its plan: listing batches (every pass of the submitter, the
/// poller and the alert monitor) never loads plans, and updating one never rewrites its plan. A
/// stage that needs the plan reads it by id (``StateStore/plan(batchID:)``).
package struct BatchRecord: Sendable, Hashable, Codable {
    package var id: UUID
    package var provider: String
    package var model: String
    package var endpoint: Endpoint
    package var bucket: String
    package var kind: BatchKind
    package var mode: AttemptMode
    package var state: State
    /// The idempotency marker sent as provider batch metadata (see ``NewBatch/marker``).
    package var marker: String
    /// The provider's id for the batch, once known; unique per provider.
    package var providerBatchID: String?
    /// The provider's last reported status (its own words, e.g. `in_progress`), for operators.
    package var providerStatus: String?
    package var itemCount: Int
    package var createdAt: Int64
    package var submittedAt: Int64?
    /// When it reached `ended`, `failed` or `canceled`.
    package var endedAt: Int64?
    package var publishedAt: Int64?
    package var updatedAt: Int64
    package var error: String?
    /// When the poller should next ask the provider (Unix ms).
    package var nextPollAt: Int64?
    package var lastPolledAt: Int64?
    package var pollCount: Int
    /// How far into the provider's result stream results are recorded (caller-defined units,
    /// e.g. lines), so that a restarted poller can skip what it already recorded.
    package var resultsCursor: Int64

    enum CodingKeys: String, CodingKey {
        case id, provider, model, endpoint, bucket, kind, mode, state, marker
        case providerBatchID = "provider_batch_id"
        case providerStatus = "provider_status"
        case itemCount = "item_count"
        case createdAt = "created_at"
        case submittedAt = "submitted_at"
        case endedAt = "ended_at"
        case publishedAt = "published_at"
        case updatedAt = "updated_at"
        case error
        case nextPollAt = "next_poll_at"
        case lastPolledAt = "last_polled_at"
        case pollCount = "poll_count"
        case resultsCursor = "results_cursor"
    }
}

extension BatchRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "batches"
    /// Every column but `plan`, for `SELECT \(columns) FROM batches`.
    static let columns = """
        id, provider, model, endpoint, bucket, kind, mode, state, marker, provider_batch_id, provider_status, item_count,
        created_at, submitted_at, ended_at, published_at, updated_at, error, next_poll_at, last_polled_at, poll_count,
        results_cursor
        """

    static func databaseUUIDEncodingStrategy(for column: String) -> DatabaseUUIDEncodingStrategy { .lowercaseString }
}
