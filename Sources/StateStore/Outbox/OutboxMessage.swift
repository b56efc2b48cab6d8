package import Foundation
internal import GRDB

/// An outbox row: a record to publish, its place in the publishing order, and whether Kafka has
/// acknowledged it.
package struct OutboxMessage: Sendable, Hashable, Codable {
    /// Publishing order; never reused.
    package var id: Int64?
    package var topic: String
    package var key: Data?
    package var value: Data
    package var headers: [RecordHeader]
    package var dedupeKey: String
    /// ``OutboxRecord/label``.
    package var label: String?
    /// The batch whose results or savings this is, if any.
    package var batchID: UUID?
    package var createdAt: Int64
    package var publishedAt: Int64?

    init(_ record: OutboxRecord, batchID: UUID?, createdAt: Int64) {
        id = nil
        topic = record.topic
        key = record.key
        value = record.value
        headers = record.headers
        dedupeKey = record.dedupeKey
        label = record.label
        self.batchID = batchID
        self.createdAt = createdAt
        publishedAt = nil
    }

    /// The record as it was enqueued.
    package var record: OutboxRecord {
        OutboxRecord(topic: topic, key: key, value: value, headers: headers, dedupeKey: dedupeKey, label: label)
    }

    enum CodingKeys: String, CodingKey {
        case id, topic, key, value, headers
        case dedupeKey = "dedupe_key"
        case label
        case batchID = "batch_id"
        case createdAt = "created_at"
        case publishedAt = "published_at"
    }
}

extension OutboxMessage: FetchableRecord, PersistableRecord {
    static let databaseTableName = "outbox"

    static func databaseUUIDEncodingStrategy(for column: String) -> DatabaseUUIDEncodingStrategy { .lowercaseString }
}
