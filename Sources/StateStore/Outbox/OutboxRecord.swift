package import Foundation

/// A Kafka record to publish at least once: a result, a savings event or an alert.
package struct OutboxRecord: Sendable, Hashable {
    package var topic: String
    package var key: Data?
    package var value: Data
    package var headers: [RecordHeader]
    /// The CloudEvents `ce_id`: the same logical event always has the same one, so a second insert
    /// is ignored and downstream can deduplicate redeliveries.
    package var dedupeKey: String
    /// What the publisher's metrics count the record by (a result's status), set by whoever built
    /// the value, so that publishing never parses it again; nil for records no metric splits.
    package var label: String?

    package init(
        topic: String, key: Data?, value: Data, headers: [RecordHeader] = [], dedupeKey: String, label: String? = nil
    ) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
        self.dedupeKey = dedupeKey
        self.label = label
    }
}
