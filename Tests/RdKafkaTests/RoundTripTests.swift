import RdKafka
import Testing

@Suite("Produce and consume", .timeLimit(.minutes(1)))
struct RoundTripTests {
    @Test("records come back with their keys, values and headers")
    func roundTrip() async throws {
        let cluster = try TestCluster()
        let topic = try cluster.topic(partitions: 1)
        let producer = try cluster.producer()
        let sent = [
            KafkaProducerMessage(topic: topic, key: "tenant-a/doc-1", value: #"{"id":"1"}"#, headers: [
                KafkaHeader(name: "traceparent", string: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
                KafkaHeader(name: "empty", value: nil),
            ]),
            KafkaProducerMessage(topic: topic, key: nil, value: "no key"),
            KafkaProducerMessage(topic: topic, key: [0, 255, 7], value: Array(repeating: 42, count: 8_192)),
        ]
        var offsets: [Int64] = []
        for message in sent {
            let report = try await producer.send(message)
            #expect(report.isDelivered)
            #expect(report.topic == topic)
            offsets.append(try #require(report.offset))
        }
        #expect(offsets == [0, 1, 2])
        await producer.shutdown()

        let consumer = try KafkaConsumer(
            configuration: cluster.consumerConfiguration(group: TestCluster.uniqueName("g"), topics: [topic]),
            logger: cluster.logger)
        let collector = MessageCollector(consumer.messages)
        let received = try await collector.wait { $0.count >= 3 }
        #expect(received.map(\.offset) == [0, 1, 2])
        for (got, want) in zip(received, sent) {
            #expect(got.key == want.key)
            #expect(got.value == want.value)
            #expect(got.headers == want.headers)
            #expect(got.timestampMilliseconds != nil)
        }
        #expect(received[0].headers.string("traceparent") == "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        await consumer.close()
        try await collector.finished()
        await cluster.broker.shutdown()
    }

    @Test("pipelined sends report every record exactly once, by id")
    func pipelined() async throws {
        let cluster = try TestCluster()
        let topic = try cluster.topic(partitions: 4)
        let producer = try cluster.producer()
        let reports = Task {
            var seen: [UInt64: DeliveryReport] = [:]
            for await report in producer.deliveryReports {
                #expect(seen[report.id] == nil, "a second report for one record")
                seen[report.id] = report
                if seen.count == 2_000 { break }
            }
            return seen
        }
        var ids: Set<UInt64> = []
        for index in 0..<2_000 {
            ids.insert(try await producer.enqueue(KafkaProducerMessage(topic: topic, key: "k\(index % 16)", value: "v\(index)")))
        }
        let seen = await reports.value
        #expect(Set(seen.keys) == ids)
        #expect(seen.values.allSatisfy { $0.isDelivered })
        #expect(seen.values.allSatisfy { $0.persistence == .persisted })
        await producer.shutdown()
        await cluster.broker.shutdown()
    }
}
