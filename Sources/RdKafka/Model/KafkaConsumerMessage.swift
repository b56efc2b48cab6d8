/// A consumed record, copied out of librdkafka's memory so it can cross tasks freely.
public struct KafkaConsumerMessage: Sendable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var key: [UInt8]?
    public var value: [UInt8]
    public var headers: [KafkaHeader]
    /// Milliseconds since the epoch, as the broker or producer stamped it; `nil` if unavailable.
    public var timestampMilliseconds: Int64?
    /// Which assignment of this partition the record was fetched under; a record from an
    /// assignment since revoked is dropped before the reader sees it.
    var assignmentEpoch: UInt64
    /// The consumer's revocation count when the record was fetched.
    var revocationsAtFetch: UInt64

    /// Key and value bytes, what the consumer's byte budget counts.
    var byteCount: Int { (key?.count ?? 0) + value.count }

    public var topicPartition: TopicPartition { TopicPartition(topic: topic, partition: partition) }
    /// The key as UTF-8 text.
    public var keyString: String? { key.map { String(decoding: $0, as: UTF8.self) } }
    /// The value as UTF-8 text.
    public var valueString: String { String(decoding: value, as: UTF8.self) }
}
