import Foundation
import Logging
import RdKafka
import Synchronization

/// An embedded broker and the settings that make mock-cluster tests fast and deterministic
/// (reference/kafka.md §1.6): short session timeout, 10 ms fetch waits, a fresh group per test.
struct TestCluster {
    let broker: EmbeddedBroker
    let logger: Logger

    init(brokers: Int = 1) throws {
        var logger = Logger(label: "test.kafka")
        logger.logLevel = ProcessInfo.processInfo.environment["SLUICE_TEST_LOG"] == nil ? .critical : .debug
        self.logger = logger
        self.broker = try EmbeddedBroker(brokers: brokers, logger: logger)
    }

    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    func topic(_ prefix: String = "topic", partitions: Int = 3) throws -> String {
        let name = Self.uniqueName(prefix)
        try broker.createTopic(name, partitions: partitions, replicationFactor: broker.brokerCount)
        return name
    }

    func producerConfiguration() -> KafkaProducerConfiguration {
        var configuration = KafkaProducerConfiguration(bootstrapServers: broker.bootstrapServers)
        configuration.lingerMilliseconds = 1
        return configuration
    }

    func consumerConfiguration(group: String, topics: [String]) -> KafkaConsumerConfiguration {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: broker.bootstrapServers, groupID: group, topics: topics)
        configuration.sessionTimeoutMilliseconds = 6_000
        configuration.heartbeatIntervalMilliseconds = 500
        configuration.fetchWaitMaxMilliseconds = 10
        configuration.autoCommitIntervalMilliseconds = 200
        configuration.properties["max.poll.interval.ms"] = "10000"
        return configuration
    }

    func producer() throws -> KafkaProducer {
        try KafkaProducer(configuration: producerConfiguration(), logger: logger)
    }

    /// Produces `count` records keyed `key-(i % keys)` with value `value-i` and a `seq` header.
    func produce(_ count: Int, to topic: String, keys: Int = 8) async throws {
        let producer = try producer()
        for index in 0..<count {
            _ = try await producer.enqueue(KafkaProducerMessage(
                topic: topic, key: "key-\(index % keys)", value: "value-\(index)",
                headers: [KafkaHeader(name: "seq", string: String(index))]))
        }
        try await producer.flush(timeout: .seconds(20))
        await producer.shutdown()
    }
}

/// Reads a consumer's one message sequence in the background, keeping what it read, so a
/// test can wait for conditions on it (the sequence allows a single iterator for its lifetime).
final class MessageCollector: Sendable {
    private final class Store: Sendable {
        let read = Mutex<[KafkaConsumerMessage]>([])
    }

    private let store = Store()
    private let task: Task<Void, any Error>

    init(_ messages: KafkaConsumerMessages, onEach: @escaping @Sendable (KafkaConsumerMessage) throws -> Void = { _ in }) {
        let store = self.store
        task = Task {
            for try await message in messages {
                try onEach(message)
                store.read.withLock { $0.append(message) }
            }
        }
    }

    var messages: [KafkaConsumerMessage] { store.read.withLock { $0 } }

    /// Waits until `predicate` holds for what was read so far.
    @discardableResult
    func wait(
        timeout: Duration = .seconds(20), _ what: String = "messages",
        until predicate: ([KafkaConsumerMessage]) -> Bool
    ) async throws -> [KafkaConsumerMessage] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let snapshot = messages
            if predicate(snapshot) { return snapshot }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TimedOut(what: "waiting for \(what); read \(messages.count)")
    }

    /// The reading task's end: the sequence finished (consumer closed) or threw.
    func finished() async throws {
        try await task.value
    }

    func cancel() { task.cancel() }
}

struct TimedOut: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out \(what)" }
}
