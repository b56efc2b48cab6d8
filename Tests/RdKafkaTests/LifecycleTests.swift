import RdKafka
import ServiceLifecycleTestKit
import Testing

@Suite("Graceful shutdown", .timeLimit(.minutes(1)))
struct LifecycleTests {
    @Test("on graceful shutdown the producer flushes what it holds and the consumer leaves its group")
    func drains() async throws {
        let cluster = try TestCluster()
        let topic = try cluster.topic(partitions: 2)
        let producer = try cluster.producer()
        let consumer = try KafkaConsumer(
            configuration: cluster.consumerConfiguration(group: TestCluster.uniqueName("g"), topics: [topic]), logger: cluster.logger)
        let reader = MessageCollector(consumer.messages) { message in try consumer.storeOffset(message) }
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await producer.run() }
                group.addTask { try await consumer.run() }
                for index in 0..<50 {
                    _ = try await producer.enqueue(KafkaProducerMessage(topic: topic, key: "k\(index)", value: "v\(index)"))
                }
                try await reader.wait { $0.count >= 50 }
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        // The message sequence finished (not failed) once the consumer left the group.
        try await reader.finished()
        #expect(reader.messages.count == 50)
        await #expect(throws: KafkaError.self) { try await producer.send(KafkaProducerMessage(topic: topic, key: nil, value: "late")) }
        await cluster.broker.shutdown()
    }
}
