import RdKafka
import Testing

@Suite("Idempotent producer under faults", .timeLimit(.minutes(1)))
struct ProducerResilienceTests {
    @Test("rides through a broker outage and injected errors with no gap and no duplicate")
    func outageAndErrors() async throws {
        let cluster = try TestCluster(brokers: 3)
        let topic = try cluster.topic(partitions: 3)
        let producer = try cluster.producer()
        let reports = Task {
            var delivered = 0, failed = 0
            for await report in producer.deliveryReports {
                if report.isDelivered { delivered += 1 } else { failed += 1 }
            }
            return (delivered, failed)
        }
        var sequence = 0
        func send(_ count: Int) async throws {
            for _ in 0..<count {
                _ = try await producer.enqueue(KafkaProducerMessage(
                    topic: topic, key: "key-\(sequence % 12)", value: String(sequence),
                    headers: [KafkaHeader(name: "seq", string: String(sequence))]))
                sequence += 1
            }
        }

        try await send(1_000)
        try await producer.flush(timeout: .seconds(10))
        // Broker 1 leads some partitions; records for them wait and are retried while it is down.
        try cluster.broker.setBrokerDown(1)
        try await send(1_000)
        try await Task.sleep(for: .seconds(2))
        try cluster.broker.setBrokerUp(1)
        try await producer.flush(timeout: .seconds(20))
        // Produce requests fail outright (retriable errors, then dropped connections).
        cluster.broker.pushRequestErrors(.produce, [.notEnoughReplicas, .notEnoughReplicas, .requestTimedOut, .transport, .notLeaderForPartition])
        try await send(1_000)
        try await producer.flush(timeout: .seconds(20))
        await producer.shutdown()
        let (delivered, failed) = await reports.value
        #expect(delivered == 3_000)
        #expect(failed == 0)
        #expect(producer.fatalError == nil)

        let consumer = try KafkaConsumer(
            configuration: cluster.consumerConfiguration(group: TestCluster.uniqueName("g"), topics: [topic]), logger: cluster.logger)
        let reader = MessageCollector(consumer.messages)
        let read = try await reader.wait { $0.count >= 3_000 }
        try await Task.sleep(for: .milliseconds(300))
        let all = reader.messages
        let values = all.map { Int($0.valueString)! }
        #expect(all.count == 3_000, "duplicates in the log")
        #expect(Set(values) == Set(0..<3_000), "a gap in the log")
        // Per key, records keep the order they were sent in.
        let byKey = Dictionary(grouping: read, by: { $0.keyString ?? "" })
        for (key, records) in byKey {
            let ordered = records.sorted { ($0.partition, $0.offset) < ($1.partition, $1.offset) }.map { Int($0.valueString)! }
            #expect(ordered == ordered.sorted(), "key \(key) out of order")
        }
        await consumer.close()
        await cluster.broker.shutdown()
    }
}
