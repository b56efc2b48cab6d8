/// One Kafka record header kept as text (stored as a JSON array of these): the pass-through
/// headers of a request (`traceparent`, `tracestate`) and the headers of an outbox record.
package struct RecordHeader: Sendable, Hashable, Codable {
    package var name: String
    package var value: String

    package init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
