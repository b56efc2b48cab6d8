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
    /// The mock cluster; its teardown destroys the cluster, then the client handle it lives in.
    let cluster: RdKafkaHandle
    /// `host:port[,host:port...]` of the mock brokers.
    public let bootstrapServers: String
    /// How many brokers the cluster has; their ids run from 1.
    public let brokerCount: Int

    /// Starts a mock cluster of `brokers` brokers.
    public init(brokers: Int = 1, logger: Logger) throws(KafkaError) {
        guard brokers >= 1 else { throw .configuration("an embedded cluster needs at least one broker") }
        // The cluster needs a client handle to live in; a producer with no brokers of its own.
        let client = try RdKafkaConfig.client(
            RD_KAFKA_PRODUCER, properties: [("log_level", "4")], context: ClientContext(logger: logger, role: .broker),
            name: "the embedded broker's client")
        guard let mcluster = try? client.withPointer({ rk in rd_kafka_mock_cluster_new(rk, Int32(brokers)) }) else {
            client.destroy()
            throw .configuration("librdkafka could not start a mock cluster")
        }
        self.bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(mcluster))
        self.brokerCount = brokers
        // Dropped without shutdown(), the handle frees both on a thread of its own.
        self.cluster = RdKafkaHandle(mcluster, name: "the embedded broker") { mcluster in
            rd_kafka_mock_cluster_destroy(mcluster)
            client.destroy()
        }
    }

    /// Stops the cluster: every connection closes and its records are gone. Safe to call more
    /// than once; afterwards creating topics or injecting faults throws a closed error (or, for
    /// the calls that cannot throw, does nothing).
    public func shutdown() async {
        let cluster = self.cluster
        // rd_kafka_destroy joins librdkafka's threads: never on the cooperative pool.
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                cluster.destroy()
                continuation.resume()
            }
        }
    }

    /// Creates a topic (replication capped at the broker count: the mock shares one log anyway).
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) throws(KafkaError) {
        let brokerCount = self.brokerCount
        let result = try cluster.withPointer { mcluster in
            rd_kafka_mock_topic_create(mcluster, name, Int32(partitions), Int32(max(1, min(replicationFactor, brokerCount))))
        }
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw .rdkafka(result, "create topic \(name)") }
    }

    /// Creates each topic of `specs` (see ``TopicSpec``); their configs are not modelled by the mock.
    public func createTopics(_ specs: [TopicSpec]) throws(KafkaError) {
        for spec in specs {
            try createTopic(spec.name, partitions: spec.partitions, replicationFactor: spec.replicationFactor)
        }
    }
}
