/// What became of one produced record: librdkafka gives exactly one report per record.
public struct DeliveryReport: Sendable {
    /// Whether a failed record may nonetheless be in the log, which decides whether re-sending
    /// it risks a duplicate (librdkafka's `rd_kafka_msg_status_t`).
    public enum Persistence: Sendable, Hashable {
        case persisted
        case notPersisted
        case possiblyPersisted
    }

    /// The id ``KafkaProducer/enqueue(_:)`` returned for the record.
    public var id: UInt64
    public var topic: String
    public var partition: Int32
    /// The record's offset, when delivered (an idempotent retry can leave it unknown).
    public var offset: Int64?
    public var persistence: Persistence
    /// Set when the record was not delivered.
    public var error: KafkaError?

    public var isDelivered: Bool { error == nil }
}
