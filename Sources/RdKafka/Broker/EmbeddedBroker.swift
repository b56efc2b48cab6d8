internal import CRdKafka
import Foundation
public import Logging

/// librdkafka's in-memory mock cluster, run in this process and reachable over TCP on 127.0.0.1.
///
/// Real clients (this package's, `kcat`, anything speaking Kafka) can produce, consume and run
/// consumer groups against it. Its limits (reference/kafka.md §1): it keeps at most 5 MiB or
/// 100 000 batches per partition and silently drops older records; it has no compaction, no
/// CreateTopics API (topics are created here, or auto-created with 4 partitions), and it does not
/// model transactions. Keep each partition's backlog well under 5 MiB.
public final class EmbeddedBroker: Sendable {
    let client: SendableHandle
    let cluster: SendableHandle
    private let unmanaged: UnmanagedContext
    private let destroyed = DestroyOnce()
    /// `host:port[,host:port...]` of the mock brokers.
    public let bootstrapServers: String
    /// How many brokers the cluster has; their ids run from 1.
    public let brokerCount: Int

    /// Starts a mock cluster of `brokers` brokers.
    public init(brokers: Int = 1, logger: Logger) throws(KafkaError) {
        guard brokers >= 1 else { throw .configuration("an embedded cluster needs at least one broker") }
        // The cluster needs a client handle to live in; a producer with no brokers of its own.
        let (client, unmanaged) = try RdKafkaConfig.client(
            RD_KAFKA_PRODUCER, properties: [("log_level", "4")], context: ClientContext(logger: logger, role: .broker))
        guard let mcluster = rd_kafka_mock_cluster_new(client.pointer, Int32(brokers)) else {
            rd_kafka_destroy(client.pointer)
            unmanaged.release()
            throw .configuration("librdkafka could not start a mock cluster")
        }
        self.client = client
        self.cluster = SendableHandle(pointer: mcluster)
        self.unmanaged = UnmanagedContext(reference: unmanaged)
        self.bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(mcluster))
        self.brokerCount = brokers
    }

    deinit {
        // rd_kafka_destroy joins librdkafka's threads: never do that on whichever thread drops us.
        if destroyed.claim() {
            let client = self.client, cluster = self.cluster, unmanaged = self.unmanaged
            Thread.detachNewThread {
                Self.destroy(client: client, cluster: cluster, unmanaged: unmanaged)
            }
        }
    }

    /// Stops the cluster: every connection closes and its records are gone.
    public func shutdown() async {
        guard destroyed.claim() else { return }
        let client = self.client, cluster = self.cluster, unmanaged = self.unmanaged
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                Self.destroy(client: client, cluster: cluster, unmanaged: unmanaged)
                continuation.resume()
            }
        }
    }

    private static func destroy(client: SendableHandle, cluster: SendableHandle, unmanaged: UnmanagedContext) {
        rd_kafka_mock_cluster_destroy(cluster.pointer)
        rd_kafka_destroy(client.pointer)
        unmanaged.reference.release()
    }

    /// Creates a topic (replication capped at the broker count: the mock shares one log anyway).
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) throws(KafkaError) {
        let result = rd_kafka_mock_topic_create(
            cluster.pointer, name, Int32(partitions), Int32(max(1, min(replicationFactor, brokerCount))))
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw .rdkafka(result, "create topic \(name)") }
    }

    /// Creates each topic of `specs` (see ``TopicSpec``); their configs are not modelled by the mock.
    public func createTopics(_ specs: [TopicSpec]) throws(KafkaError) {
        for spec in specs {
            try createTopic(spec.name, partitions: spec.partitions, replicationFactor: spec.replicationFactor)
        }
    }
}

/// The broker's context reference, released once after the handle is destroyed.
private struct UnmanagedContext: @unchecked Sendable {
    let reference: Unmanaged<ClientContext>
}
