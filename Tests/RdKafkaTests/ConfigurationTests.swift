import Logging
import RdKafka
import Testing

@Suite("Configuration errors", .timeLimit(.minutes(1)))
struct ConfigurationTests {
    @Test("an unknown property is a configuration error naming it")
    func unknownProperty() throws {
        var configuration = KafkaProducerConfiguration(bootstrapServers: "127.0.0.1:1")
        configuration.properties["no.such.property"] = "1"
        let error = #expect(throws: KafkaError.self) { try KafkaProducer(configuration: configuration, logger: .init(label: "t")) }
        #expect(error?.isConfiguration == true)
        #expect(error?.isRetriable == false)
        #expect(error?.message.contains("no.such.property") == true)
    }

    @Test("a bad value is a configuration error")
    func badValue() throws {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: "127.0.0.1:1", groupID: "g", topics: ["t"])
        configuration.properties["session.timeout.ms"] = "soon"
        let error = #expect(throws: KafkaError.self) { try KafkaConsumer(configuration: configuration, logger: .init(label: "t")) }
        #expect(error?.isConfiguration == true)
        #expect(error?.message.contains("session.timeout.ms") == true)
    }

    @Test("idempotence with acks=1 is refused by librdkafka, not crashed on")
    func conflictingSettings() throws {
        var configuration = KafkaProducerConfiguration(bootstrapServers: "127.0.0.1:1")
        configuration.properties["acks"] = "1"
        let error = #expect(throws: KafkaError.self) { try KafkaProducer(configuration: configuration, logger: .init(label: "t")) }
        #expect(error?.isConfiguration == true)
        #expect(error?.message.contains("acks") == true)
    }

    @Test("a consumer without topics is refused")
    func noTopics() throws {
        let configuration = KafkaConsumerConfiguration(bootstrapServers: "127.0.0.1:1", groupID: "g", topics: [])
        #expect(throws: KafkaError.self) { try KafkaConsumer(configuration: configuration, logger: .init(label: "t")) }
    }

    @Test("secrets never appear in configuration errors")
    func secretsRedacted() throws {
        // The rejected property is itself secret-named, so its value would reach the message
        // unless it is redacted.
        var configuration = KafkaProducerConfiguration(bootstrapServers: "127.0.0.1:1")
        configuration.properties["no.such.password"] = "hunter2"
        let error = #expect(throws: KafkaError.self) { try KafkaProducer(configuration: configuration, logger: .init(label: "t")) }
        #expect(error?.message.contains("no.such.password") == true)
        #expect(error.map { !$0.description.contains("hunter2") } == true)
    }

    @Test("topics files are parsed and checked")
    func topicsFile() throws {
        let specs = try TopicSpec.parse("""
            topics:
              - name: llm.requests
                partitions: 12
                replication_factor: 3
                config:
                  retention.ms: "604800000"
              - name: llm.results
                partitions: 12
            """)
        #expect(specs == [
            TopicSpec(name: "llm.requests", partitions: 12, replicationFactor: 3, config: ["retention.ms": "604800000"]),
            TopicSpec(name: "llm.results", partitions: 12, replicationFactor: 1),
        ])
        #expect(throws: KafkaError.self) { try TopicSpec.parse("topics:\n  - name: bad name!\n    partitions: 1\n") }
        #expect(throws: KafkaError.self) { try TopicSpec.parse("topics:\n  - name: ok\n    partitions: 0\n") }
    }
}
