@_spi(Testing) import RdKafka
import Synchronization
import Testing

@Suite("Use after close", .timeLimit(.minutes(1)))
struct ClosedClientTests {
    @Test("after close the consumer's calls throw a closed error, and a second close is harmless")
    func consumerAfterClose() async throws {
        let cluster = try TestCluster()
        let topic = try cluster.topic(partitions: 1)
        try await cluster.produce(3, to: topic)
        let consumer = try KafkaConsumer(
            configuration: cluster.consumerConfiguration(group: TestCluster.uniqueName("g"), topics: [topic]), logger: cluster.logger)
        let reader = MessageCollector(consumer.messages)
        let read = try await reader.wait { $0.count >= 3 }
        try consumer.storeOffset(read[0])
        try await consumer.commit()
        await consumer.close()
        try await reader.finished()

        let partition = TopicPartition(topic: topic, partition: 0)
        let commit = await #expect(throws: KafkaError.self) { try await consumer.commit() }
        #expect(commit?.isClosed == true)
        let store = #expect(throws: KafkaError.self) { try consumer.storeOffsets([partition: 2]) }
        #expect(store?.isClosed == true)
        let storeOne = #expect(throws: KafkaError.self) { try consumer.storeOffset(read[1]) }
        #expect(storeOne?.isClosed == true)
        let committed = await #expect(throws: KafkaError.self) { try await consumer.committedOffsets(for: [partition]) }
        #expect(committed?.isClosed == true)
        consumer.pause([partition])
        consumer.resume([partition])
        await consumer.close()
        await cluster.broker.shutdown()
    }

    @Test("commits and stores racing close either work or throw, and all end")
    func consumerCallsRacingClose() async throws {
        let cluster = try TestCluster()
        let topic = try cluster.topic(partitions: 2)
        try await cluster.produce(50, to: topic)
        let consumer = try KafkaConsumer(
            configuration: cluster.consumerConfiguration(group: TestCluster.uniqueName("g"), topics: [topic]), logger: cluster.logger)
        let reader = MessageCollector(consumer.messages) { message in _ = try? consumer.storeOffset(message) }
        try await reader.wait { $0.count >= 50 }
        let callers = (0..<4).map { index in
            Task {
                // Until the consumer refuses: every call before that works on a live handle.
                while true {
                    do {
                        if index % 2 == 0 {
                            try await consumer.commit()
                        } else {
                            try consumer.storeOffsets([TopicPartition(topic: topic, partition: Int32(index % 2)): 1])
                            await Task.yield()
                        }
                    } catch where (error as? KafkaError)?.isClosed == true {
                        return
                    } catch {
                        continue
                    }
                }
            }
        }
        await consumer.close()
        for caller in callers { await caller.value }
        await cluster.broker.shutdown()
    }

    @Test("after shutdown the producer refuses records and flushes, and a second shutdown is harmless")
    func producerAfterShutdown() async throws {
        let cluster = try TestCluster()
        let topic = try cluster.topic(partitions: 1)
        let producer = try cluster.producer()
        try await producer.send(KafkaProducerMessage(topic: topic, key: "k", value: "before"))
        await producer.shutdown()

        let send = await #expect(throws: KafkaError.self) {
            try await producer.send(KafkaProducerMessage(topic: topic, key: "k", value: "after"))
        }
        #expect(send?.isClosed == true)
        let enqueue = await #expect(throws: KafkaError.self) {
            try await producer.enqueue(KafkaProducerMessage(topic: topic, key: "k", value: "after"))
        }
        #expect(enqueue?.isClosed == true)
        let flush = await #expect(throws: KafkaError.self) { try await producer.flush(timeout: .seconds(1)) }
        #expect(flush?.isClosed == true)
        producer.triggerFatalErrorForTesting("after shutdown: must not reach librdkafka")
        #expect(producer.fatalError == nil)
        await producer.shutdown()
        await cluster.broker.shutdown()
    }

    @Test("sends racing shutdown are each delivered or refused, and all end")
    func sendsRacingShutdown() async throws {
        let cluster = try TestCluster()
        let topic = try cluster.topic(partitions: 2)
        let producer = try cluster.producer()
        try await producer.send(KafkaProducerMessage(topic: topic, key: "k", value: "warm"))
        let started = SharedCounter()
        let senders = (0..<4).map { index in
            Task {
                var sent = 0
                while true {
                    started.add()
                    do {
                        try await producer.send(KafkaProducerMessage(topic: topic, key: "k\(index)", value: "v\(sent)"))
                        sent += 1
                    } catch {
                        // Refused once closed; or failed in flight by the shutdown's purge.
                        if (error as? KafkaError)?.isClosed == true { return sent }
                    }
                }
            }
        }
        try await waitUntil { started.count > 40 }
        await producer.shutdown()
        for sender in senders { _ = await sender.value }
        await cluster.broker.shutdown()
    }

    @Test("a shut-down embedded broker refuses topics and faults, and a second shutdown is harmless")
    func brokerAfterShutdown() async throws {
        let cluster = try TestCluster()
        await cluster.broker.shutdown()
        let create = #expect(throws: KafkaError.self) { try cluster.broker.createTopic("late", partitions: 1) }
        #expect(create?.isClosed == true)
        let down = #expect(throws: KafkaError.self) { try cluster.broker.setBrokerDown(1) }
        #expect(down?.isClosed == true)
        cluster.broker.pushRequestErrors(.produce, [.requestTimedOut])
        cluster.broker.clearRequestErrors(.produce)
        await cluster.broker.shutdown()
    }
}
