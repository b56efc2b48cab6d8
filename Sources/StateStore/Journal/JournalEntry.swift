package import Foundation
internal import GRDB

/// A validated request as the intake hands it to the journal: everything needed to plan, submit
/// and answer it later without Kafka, plus the typed columns the accumulator queries on.
package struct JournalEntry: Sendable, Hashable, Codable {
    package var tenant: String
    /// The request event's `id`, unique per tenant.
    package var requestID: String
    /// The input record's Kafka key, reused as the result's key.
    package var kafkaKey: Data?
    /// Headers passed through to the result (`traceparent`, `tracestate`).
    package var headers: [RecordHeader]
    package var sourceTopic: String
    package var sourcePartition: Int32
    package var sourceOffset: Int64
    /// The validated request event, as received.
    package var event: Data
    /// The rendered canonical LLM request (opaque to the store).
    package var rendered: Data
    package var provider: String
    package var model: String
    package var endpoint: Endpoint
    /// The accumulator's bucket key (provider, model, endpoint, prefix group).
    package var bucket: String
    package var priority: RequestPriority
    /// The latest useful completion time (Unix ms), if the producer gave one.
    package var deadline: Int64?
    /// When Sluice accepted the request (Unix ms).
    package var receivedAt: Int64
    package var estimatedInputTokens: Int
    /// Size of the rendered request in bytes (counts against provider batch size limits).
    package var byteSize: Int
    /// ``RequestFingerprint``-style key shared by identical requests; nil when dedupe is off or
    /// the request was rejected.
    package var dedupeKey: String?
    /// What the result echoes, taken from the event at intake: the task of a task-mode event,
    /// its document's id, and the event's `metadata` as JSON text.
    package var task: String?
    package var documentID: String?
    package var metadata: String?

    package init(
        tenant: String, requestID: String, kafkaKey: Data? = nil, headers: [RecordHeader] = [],
        sourceTopic: String, sourcePartition: Int32, sourceOffset: Int64, event: Data, rendered: Data,
        provider: String, model: String, endpoint: Endpoint, bucket: String, priority: RequestPriority = .normal,
        deadline: Int64? = nil, receivedAt: Int64, estimatedInputTokens: Int, byteSize: Int, dedupeKey: String? = nil,
        task: String? = nil, documentID: String? = nil, metadata: String? = nil
    ) {
        self.tenant = tenant
        self.requestID = requestID
        self.kafkaKey = kafkaKey
        self.headers = headers
        self.sourceTopic = sourceTopic
        self.sourcePartition = sourcePartition
        self.sourceOffset = sourceOffset
        self.event = event
        self.rendered = rendered
        self.provider = provider
        self.model = model
        self.endpoint = endpoint
        self.bucket = bucket
        self.priority = priority
        self.deadline = deadline
        self.receivedAt = receivedAt
        self.estimatedInputTokens = estimatedInputTokens
        self.byteSize = byteSize
        self.dedupeKey = dedupeKey
        self.task = task
        self.documentID = documentID
        self.metadata = metadata
    }

    package var key: RequestKey { RequestKey(tenant: tenant, requestID: requestID) }

    enum CodingKeys: String, CodingKey {
        case tenant
        case requestID = "request_id"
        case kafkaKey = "kafka_key"
        case headers
        case sourceTopic = "source_topic"
        case sourcePartition = "source_partition"
        case sourceOffset = "source_offset"
        case event
        case rendered
        case provider
        case model
        case endpoint
        case bucket
        case priority
        case deadline
        case receivedAt = "received_at"
        case estimatedInputTokens = "estimated_input_tokens"
        case byteSize = "byte_size"
        case dedupeKey = "dedupe_key"
        case task
        case documentID = "document_id"
        case metadata
    }
}

extension JournalEntry: FetchableRecord, PersistableRecord {
    static let databaseTableName = "requests"
}
