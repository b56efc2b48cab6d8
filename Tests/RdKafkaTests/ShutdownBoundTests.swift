import RdKafka
import Synchronization
import Testing

@Suite("Shutdown is bounded in time", .timeLimit(.minutes(1)))
struct ShutdownBoundTests {
    /// Never returns from a revoke until released: a hung hand-off.
    final class StuckHandler: KafkaRebalanceHandler {
        let revoking = Atomic<Bool>(false)
        let release: AsyncStream<Void>
        let releaseContinuation: AsyncStream<Void>.Continuation

        init() {
            (release, releaseContinuation) = AsyncStream<Void>.makeStream()
        }

        func partitionsAssigned(_ partitions: [TopicPartition]) async {}

        func partitionsRevoked(_ partitions: [TopicPartition], lost: Bool) async {
            revoking.store(true, ordering: .releasing)
            for await _ in release {}
        }
    }

    @Test("close gives up on a hung rebalance handler at closeTimeout, not at the handler's own timeout")
    func consumerCloseBounded() async throws {
        let cluster = try TestCluster()
        let topic = try cluster.topic(partitions: 1)
        try await cluster.produce(1, to: topic)
        var configuration = cluster.consumerConfiguration(group: TestCluster.uniqueName("g"), topics: [topic])
        configuration.closeTimeout = .seconds(2)
        configuration.rebalanceHandlerTimeout = .seconds(120)
        let handler = StuckHandler()
        let consumer = try KafkaConsumer(configuration: configuration, rebalanceHandler: handler, logger: cluster.logger)
        let reader = MessageCollector(consumer.messages)
        try await reader.wait { $0.count >= 1 }

        let started = ContinuousClock.now
        await consumer.close()
        let took = ContinuousClock.now - started
        handler.releaseContinuation.finish()
        let revoked = handler.revoking.load(ordering: .acquiring)
        #expect(revoked, "the final revoke never reached the handler")
        // 2 s of close timeout plus teardown; unbounded, this would wait for the handler's 120 s.
        #expect(took < .seconds(8), "close took \(took)")
        // The poll thread finished by itself (close's own backstop would have failed the sequence).
        try await reader.finished()
        await #expect(throws: KafkaError.self) { try await consumer.commit() }
        await cluster.broker.shutdown()
    }

    @Test("shutdown with undeliverable records returns after flushTimeout and fails their reports")
    func producerShutdownBounded() async throws {
        let cluster = try TestCluster()
        let topic = try cluster.topic(partitions: 1)
        var configuration = cluster.producerConfiguration()
        configuration.flushTimeout = .seconds(1)
        let producer = try KafkaProducer(configuration: configuration, logger: cluster.logger)
        let reports = Task {
            var failed = 0
            for await report in producer.deliveryReports where !report.isDelivered { failed += 1 }
            return failed
        }
        try await producer.send(KafkaProducerMessage(topic: topic, key: "k", value: "warm"))
        try cluster.broker.setBrokerDown(1)
        for index in 0..<10 {
            _ = try await producer.enqueue(KafkaProducerMessage(topic: topic, key: "k", value: "v\(index)"))
        }
        let started = ContinuousClock.now
        await producer.shutdown()
        let took = ContinuousClock.now - started
        #expect(took < .seconds(6), "shutdown took \(took)")
        // Each undelivered record still gets its one (failed) report, and the stream ends.
        #expect(await reports.value == 10)
        await cluster.broker.shutdown()
    }
}
