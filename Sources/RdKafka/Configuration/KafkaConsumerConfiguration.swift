/// How a ``KafkaConsumer`` joins its group and reads.
///
/// The consumer never stores offsets on its own (`enable.auto.offset.store=false`): the caller
/// stores a record's offset only once it has durably handed the record off, and auto-commit
/// commits what was stored. ``properties`` passes any other librdkafka property through and wins
/// over the typed fields.
public struct KafkaConsumerConfiguration: Sendable {
    /// `bootstrap.servers`: `host:port[,host:port...]`.
    public var bootstrapServers: String
    /// `group.id`.
    public var groupID: String
    /// Topics to subscribe to.
    public var topics: [String]
    /// `client.id`. Default `sluice`.
    public var clientID: String = "sluice"
    /// `group.instance.id`: static membership, so a restarted instance takes its partitions straight
    /// back instead of waiting out a session timeout (DESIGN §4). Default none (dynamic).
    public var groupInstanceID: String?
    /// `partition.assignment.strategy`. Default `cooperative-sticky`: only moved partitions are revoked.
    public var assignmentStrategy: String = "cooperative-sticky"
    /// `auto.offset.reset` for partitions with no committed offset. Default `earliest`, so nothing
    /// published before the group first joined is skipped.
    public var autoOffsetReset: String = "earliest"
    /// `session.timeout.ms`. Default 45 000 (Kafka's); tests against the embedded broker use 6 000.
    public var sessionTimeoutMilliseconds: Int = 45_000
    /// `heartbeat.interval.ms`. Default 3 000.
    public var heartbeatIntervalMilliseconds: Int = 3_000
    /// `fetch.wait.max.ms`. Default 500; the embedded broker holds empty fetches for all of it,
    /// so use 10 there (reference/kafka.md §1.4 H).
    public var fetchWaitMaxMilliseconds: Int = 500
    /// `auto.commit.interval.ms`: how often stored offsets are committed. Default 1 000.
    public var autoCommitIntervalMilliseconds: Int = 1_000
    /// Records buffered between librdkafka and the reader before the consumer stops taking more
    /// (high) and starts again (low). Defaults 10 000 / 2 000.
    public var bufferHighWatermark: Int = 10_000
    /// See ``bufferHighWatermark``.
    public var bufferLowWatermark: Int = 2_000
    /// Most key and value bytes handed to the reader and not yet taken by it: past this the
    /// consumer takes no more records from librdkafka, whatever ``bufferHighWatermark`` allows, so
    /// large records cannot pile up (10 000 records of 4 MiB would be 40 GB). The buffer can exceed
    /// it by one record at most. Default 64 MiB.
    public var bufferMaxBytes: Int = 64 << 20
    /// `queued.max.messages.kbytes`: most KiB librdkafka prefetches into its consumer queue ahead
    /// of the poll thread (one queue for the whole consumer). Default 32 768 (32 MiB; librdkafka's
    /// own is 64 MiB).
    ///
    /// Worst-case memory for fetched records is about ``bufferMaxBytes`` + this + one fetch
    /// response (``fetchMaxBytes``) per broker leading an assigned partition.
    public var prefetchMaxKilobytes: Int = 32_768
    /// `fetch.max.bytes`: most bytes one fetch response may carry (Kafka still returns a first
    /// record larger than this). Must be at least `message.max.bytes` (1 000 000 by default).
    /// Default 16 MiB (librdkafka's is 50 MiB).
    public var fetchMaxBytes: Int = 16 << 20
    /// `max.partition.fetch.bytes`: most bytes one fetch takes from one partition. Default 1 MiB
    /// (librdkafka's).
    public var partitionFetchMaxBytes: Int = 1 << 20
    /// How long the consumer waits, without polling, for a reader that is a high watermark behind
    /// before it pauses every partition and goes back to serving the group. Waiting keeps
    /// librdkafka's prefetch (pausing purges it); the bound keeps rebalances from waiting on a
    /// stalled reader. Default 5 s.
    public var readerStallBeforePause: Duration = .seconds(5)
    /// Longest time a rebalance handler may take before the partitions go anyway; kept well below
    /// `max.poll.interval.ms`. Default 30 s.
    public var rebalanceHandlerTimeout: Duration = .seconds(30)
    /// How long ``KafkaConsumer/close()`` lets the group leave take (final revoke through the
    /// rebalance handler, commit, LeaveGroup) before it gives up and frees the client anyway. The
    /// handler and commit get all of it but a reserve (half, at most 5 s) kept for the LeaveGroup;
    /// keep it above ``rebalanceHandlerTimeout``. Default 60 s.
    public var closeTimeout: Duration = .seconds(60)
    /// Any other librdkafka property, passed through as is.
    public var properties: [String: String] = [:]

    /// - Parameters:
    ///   - bootstrapServers: `host:port[,host:port...]`.
    ///   - groupID: the consumer group.
    ///   - topics: topics to subscribe to.
    public init(bootstrapServers: String, groupID: String, topics: [String]) {
        self.bootstrapServers = bootstrapServers
        self.groupID = groupID
        self.topics = topics
    }

    var librdkafkaProperties: [(String, String)] {
        var list: [(String, String)] = [
            ("bootstrap.servers", bootstrapServers),
            ("group.id", groupID),
            ("client.id", clientID),
            ("partition.assignment.strategy", assignmentStrategy),
            ("auto.offset.reset", autoOffsetReset),
            ("session.timeout.ms", String(sessionTimeoutMilliseconds)),
            ("heartbeat.interval.ms", String(heartbeatIntervalMilliseconds)),
            ("fetch.wait.max.ms", String(fetchWaitMaxMilliseconds)),
            ("queued.max.messages.kbytes", String(prefetchMaxKilobytes)),
            ("fetch.max.bytes", String(fetchMaxBytes)),
            ("max.partition.fetch.bytes", String(partitionFetchMaxBytes)),
            ("enable.auto.commit", "true"),
            ("auto.commit.interval.ms", String(autoCommitIntervalMilliseconds)),
        ]
        if let groupInstanceID { list.append(("group.instance.id", groupInstanceID)) }
        list.append(contentsOf: properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        // Not overridable: at-least-once hand-off depends on the caller storing offsets itself.
        list.append(("enable.auto.offset.store", "false"))
        return list
    }
}
