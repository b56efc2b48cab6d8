import Foundation
import Planning
import StateStore

/// One batch in `GET /v1/batches`: what an operator needs to find it at the provider and see
/// where it is; the plan itself stays out (it can be large).
struct BatchSummary: Encodable, Sendable {
    var id: String
    var provider: String
    var model: String
    var providerBatchID: String?
    var providerStatus: String?
    var state: String
    var kind: String
    var mode: String
    var endpoint: String
    var itemCount: Int
    var pollCount: Int
    var createdAt: String
    var submittedAt: String?
    var endedAt: String?
    var publishedAt: String?
    var updatedAt: String
    var error: String?

    enum CodingKeys: String, CodingKey {
        case id, provider, model
        case providerBatchID = "provider_batch_id"
        case providerStatus = "provider_status"
        case state, kind, mode, endpoint
        case itemCount = "item_count"
        case pollCount = "poll_count"
        case createdAt = "created_at"
        case submittedAt = "submitted_at"
        case endedAt = "ended_at"
        case publishedAt = "published_at"
        case updatedAt = "updated_at"
        case error
    }

    init(_ batch: BatchRecord) {
        id = batch.id.uuidString.lowercased()
        provider = batch.provider
        model = batch.model
        providerBatchID = batch.providerBatchID
        providerStatus = batch.providerStatus
        state = batch.state.rawValue
        kind = batch.kind.rawValue
        mode = batch.mode.rawValue
        endpoint = batch.endpoint.rawValue
        itemCount = batch.itemCount
        pollCount = batch.pollCount
        createdAt = Self.time(batch.createdAt)
        submittedAt = batch.submittedAt.map(Self.time)
        endedAt = batch.endedAt.map(Self.time)
        publishedAt = batch.publishedAt.map(Self.time)
        updatedAt = Self.time(batch.updatedAt)
        error = batch.error
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(provider, forKey: .provider)
        try container.encode(model, forKey: .model)
        // Explicit nulls keep every object the same shape for `jq` and dashboards.
        try container.encode(providerBatchID, forKey: .providerBatchID)
        try container.encode(providerStatus, forKey: .providerStatus)
        try container.encode(state, forKey: .state)
        try container.encode(kind, forKey: .kind)
        try container.encode(mode, forKey: .mode)
        try container.encode(endpoint, forKey: .endpoint)
        try container.encode(itemCount, forKey: .itemCount)
        try container.encode(pollCount, forKey: .pollCount)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(submittedAt, forKey: .submittedAt)
        try container.encode(endedAt, forKey: .endedAt)
        try container.encode(publishedAt, forKey: .publishedAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(error, forKey: .error)
    }

    /// Store times are Unix milliseconds.
    private static func time(_ milliseconds: Int64) -> String {
        EventTimestamp(Date(timeIntervalSince1970: Double(milliseconds) / 1000)).rfc3339
    }
}
