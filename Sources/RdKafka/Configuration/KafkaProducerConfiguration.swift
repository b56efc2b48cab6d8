/// How a ``KafkaProducer`` talks to the cluster.
///
/// Typed fields cover what Sluice relies on; ``properties`` passes any other librdkafka property
/// through unchanged (for example `security.protocol`, `sasl.mechanisms`, `ssl.ca.location`) and
/// wins over the typed fields when both set the same key.
public struct KafkaProducerConfiguration: Sendable {
    /// `bootstrap.servers`: `host:port[,host:port...]`.
    public var bootstrapServers: String
    /// `client.id`, shown in broker logs and quotas. Default `sluice`.
    public var clientID: String = "sluice"
    /// `enable.idempotence` (and with it `acks=all`): no duplicates or reordering from the
    /// producer's own retries. Default `true`.
    public var idempotent: Bool = true
    /// `linger.ms`: how long to wait to fill a batch. Default 5 (librdkafka's; best throughput on
    /// the embedded broker measured in `reference/kafka.md` §4.2).
    public var lingerMilliseconds: Int = 5
    /// `message.timeout.ms`: how long a message may take to be delivered before its report fails
    /// (`_MSG_TIMED_OUT`). Default 300 000, so broker outages are ridden out, not turned into errors.
    public var messageTimeoutMilliseconds: Int = 300_000
    /// `partitioner`: `murmur2_random` places keys where the Java client does. Default that.
    public var partitioner: String = "murmur2_random"
    /// Most messages enqueued and not yet reported (`queue.buffering.max.messages`). A send past it
    /// waits for delivery reports instead of failing. Default 100 000.
    public var maxInFlightMessages: Int = 100_000
    /// How long a graceful shutdown waits for outstanding delivery reports. Default 30 s.
    public var flushTimeout: Duration = .seconds(30)
    /// Any other librdkafka property, passed through as is (see librdkafka's CONFIGURATION.md).
    public var properties: [String: String] = [:]

    /// - Parameter bootstrapServers: `host:port[,host:port...]`, e.g. ``EmbeddedBroker/bootstrapServers``.
    public init(bootstrapServers: String) {
        self.bootstrapServers = bootstrapServers
    }

    /// The final property list handed to librdkafka, typed fields first, pass-through last.
    var librdkafkaProperties: [(String, String)] {
        var list: [(String, String)] = [
            ("bootstrap.servers", bootstrapServers),
            ("client.id", clientID),
            ("enable.idempotence", idempotent ? "true" : "false"),
            ("linger.ms", String(lingerMilliseconds)),
            ("message.timeout.ms", String(messageTimeoutMilliseconds)),
            ("partitioner", partitioner),
            ("queue.buffering.max.messages", String(maxInFlightMessages)),
        ]
        if idempotent { list.append(("acks", "all")) }
        list.append(contentsOf: properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        return list
    }
}
