package import Foundation

/// A batch the planner made, to be committed with ``StateStore/planBatch(_:)`` before anything is
/// sent.
package struct NewBatch: Sendable, Hashable {
    package var id: UUID
    package var provider: String
    package var model: String
    package var endpoint: Endpoint
    package var bucket: String
    package var kind: BatchKind
    package var mode: AttemptMode
    /// Sent as provider batch metadata so that the submitter can find the batch again after a
    /// crash; unique across batches. Defaults to `sluice-<id>`.
    package var marker: String
    /// The batch plan (opaque to the store).
    package var plan: Data
    package var items: [NewBatchItem]
    package var createdAt: Int64

    package init(
        id: UUID = UUID(), provider: String, model: String, endpoint: Endpoint, bucket: String,
        kind: BatchKind = .batch, mode: AttemptMode? = nil, marker: String? = nil, plan: Data,
        items: [NewBatchItem], createdAt: Int64
    ) {
        self.id = id
        self.provider = provider
        self.model = model
        self.endpoint = endpoint
        self.bucket = bucket
        self.kind = kind
        self.mode = mode ?? (kind == .realtime ? .realtime : .batch)
        self.marker = marker ?? "sluice-\(id.uuidString.lowercased())"
        self.plan = plan
        self.items = items
        self.createdAt = createdAt
    }
}
