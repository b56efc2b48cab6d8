internal import CRdKafka
public import Logging

/// Creates topics on a real cluster through Kafka's CreateTopics API.
///
/// The embedded broker does not implement that API; use ``EmbeddedBroker/createTopics(_:)`` there.
public struct KafkaAdmin: Sendable {
    /// What became of one topic.
    public enum Outcome: Sendable, Hashable {
        case created
        case alreadyExists
    }

    public var bootstrapServers: String
    /// Extra librdkafka properties (security, SASL, TLS...).
    public var properties: [String: String]
    public var logger: Logger

    public init(bootstrapServers: String, properties: [String: String] = [:], logger: Logger) {
        self.bootstrapServers = bootstrapServers
        self.properties = properties
        self.logger = logger
    }

    /// Creates every topic in `specs` that does not exist yet, with its partitions,
    /// replication factor and configs.
    /// - Returns: each topic's outcome.
    /// - Throws: the first topic-level error other than "already exists", or a timeout.
    public func createTopics(_ specs: [TopicSpec], timeout: Duration = .seconds(30)) async throws(KafkaError) -> [String: Outcome] {
        var list = properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        list.insert(("bootstrap.servers", bootstrapServers), at: 0)
        let handle = try RdKafkaConfig.client(
            RD_KAFKA_PRODUCER, properties: list, context: ClientContext(logger: logger, role: .broker),
            name: "the admin client")
        let milliseconds = timeout.milliseconds
        let blocking = BlockingCalls(label: "sluice.kafka.admin")
        defer {
            // Freed off the caller's path: rd_kafka_destroy joins librdkafka's threads.
            Task.detached { () async in
                _ = try? await blocking.run { () throws(KafkaError) in handle.destroy() }
            }
        }
        return try await blocking.run { () throws(KafkaError) -> [String: Outcome] in
            try handle.withPointer { rk throws(KafkaError) in try Self.create(specs, rk: rk, milliseconds: milliseconds) }
        }
    }

    /// How many brokers the cluster has, from its metadata.
    private static func brokerCount(rk: OpaquePointer, milliseconds: Int32) throws(KafkaError) -> Int {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let result = rd_kafka_metadata(rk, 0, nil, &metadata, milliseconds)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else { throw .rdkafka(result, "cluster metadata") }
        defer { rd_kafka_metadata_destroy(metadata) }
        return Int(metadata.pointee.broker_cnt)
    }

    private static func create(_ specs: [TopicSpec], rk: OpaquePointer, milliseconds: Int32) throws(KafkaError) -> [String: Outcome] {
        var errstr = [CChar](repeating: 0, count: 512)
        var newTopics: [OpaquePointer?] = []
        defer { for topic in newTopics { rd_kafka_NewTopic_destroy(topic) } }
        // A development cluster may have fewer brokers than production's replication factor: clamp
        // the factor and min.insync.replicas to what exists rather than fail.
        let brokers = try brokerCount(rk: rk, milliseconds: milliseconds)
        for spec in specs {
            let replication = max(1, min(spec.replicationFactor, brokers))
            guard let topic = rd_kafka_NewTopic_new(spec.name, Int32(spec.partitions), Int32(replication), &errstr, errstr.count) else {
                throw .configuration("topic \(spec.name): \(String(errorBuffer: errstr))")
            }
            newTopics.append(topic)
            var config = spec.config
            if let minimum = config["min.insync.replicas"].flatMap(Int.init), minimum > replication {
                config["min.insync.replicas"] = String(replication)
            }
            for (key, value) in config.sorted(by: { $0.key < $1.key }) {
                let result = rd_kafka_NewTopic_set_config(topic, key, value)
                if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw .rdkafka(result, "topic \(spec.name) config \(key)") }
            }
        }
        let queue = rd_kafka_queue_new(rk)
        defer { rd_kafka_queue_destroy(queue) }
        let options = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        rd_kafka_AdminOptions_set_request_timeout(options, milliseconds, &errstr, errstr.count)
        rd_kafka_AdminOptions_set_operation_timeout(options, milliseconds, &errstr, errstr.count)
        newTopics.withUnsafeMutableBufferPointer { buffer in
            rd_kafka_CreateTopics(rk, buffer.baseAddress, buffer.count, options, queue)
        }
        guard let event = rd_kafka_queue_poll(queue, milliseconds + 1000) else {
            throw .timeout("no answer to CreateTopics within \(milliseconds) ms")
        }
        defer { rd_kafka_event_destroy(event) }
        let eventError = rd_kafka_event_error(event)
        if eventError != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw .rdkafka(eventError, message: String(cString: rd_kafka_event_error_string(event)))
        }
        guard let result = rd_kafka_event_CreateTopics_result(event) else {
            throw .rdkafka(RD_KAFKA_RESP_ERR__BAD_MSG, message: "CreateTopics returned no result")
        }
        var count = 0
        guard let topics = rd_kafka_CreateTopics_result_topics(result, &count) else { return [:] }
        var outcomes: [String: Outcome] = [:]
        for index in 0..<count {
            let topic = topics[index]
            let name = String(cString: rd_kafka_topic_result_name(topic))
            let error = rd_kafka_topic_result_error(topic)
            switch error {
            case RD_KAFKA_RESP_ERR_NO_ERROR: outcomes[name] = .created
            case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS: outcomes[name] = .alreadyExists
            default:
                let text = rd_kafka_topic_result_error_string(topic).map { String(cString: $0) } ?? ""
                throw .rdkafka(error, message: "create topic \(name): \(text)")
            }
        }
        return outcomes
    }
}
