import Foundation
import RdKafka
import Synchronization
import Testing

@Suite("Consumer groups and offsets", .timeLimit(.minutes(1)))
struct ConsumerGroupTests {
    @Test("a record whose offset was never stored is delivered again after a restart")
    func unstoredIsRedelivered() async throws {
        let cluster = try TestCluster()
        let topic = try cluster.topic(partitions: 1)
        let group = TestCluster.uniqueName("g")
        try await cluster.produce(10, to: topic)

        let first = try KafkaConsumer(configuration: cluster.consumerConfiguration(group: group, topics: [topic]), logger: cluster.logger)
        let firstReader = MessageCollector(first.messages) { message in
            // Hand off (store) only the first five.
            if message.offset < 5 { try first.storeOffset(message) }
        }
        try await firstReader.wait { $0.count >= 10 }
        try await first.commit()
        await first.close()

        let second = try KafkaConsumer(configuration: cluster.consumerConfiguration(group: group, topics: [topic]), logger: cluster.logger)
        let secondReader = MessageCollector(second.messages)
        let again = try await secondReader.wait { $0.count >= 5 }
        #expect(again.map(\.offset) == [5, 6, 7, 8, 9])
        #expect(again.map(\.valueString) == (5..<10).map { "value-\($0)" })
        let committed = try await second.committedOffsets(for: [TopicPartition(topic: topic, partition: 0)])
        #expect(committed[TopicPartition(topic: topic, partition: 0)] == 5)
        await second.close()
        await cluster.broker.shutdown()
    }

    @Test("two members rebalance without losing records or repeating committed ones")
    func rebalance() async throws {
        let cluster = try TestCluster()
        let topic = try cluster.topic(partitions: 6)
        let group = TestCluster.uniqueName("g")
        try await cluster.produce(300, to: topic)

        final class Recorder: KafkaRebalanceHandler {
            let revoked = Mutex<[TopicPartition]>([])
            let secondMemberStarting = Mutex(false)
            func partitionsAssigned(_ partitions: [TopicPartition]) async {}
            func partitionsRevoked(_ partitions: [TopicPartition], lost: Bool) async {
                revoked.withLock { $0.append(contentsOf: partitions) }
            }
        }
        let recorder = Recorder()
        let a = try KafkaConsumer(
            configuration: cluster.consumerConfiguration(group: group, topics: [topic]),
            rebalanceHandler: recorder, logger: cluster.logger)
        // A hands off every record it reads, slowly until the rebalance, so that B joins while A
        // still has work in hand.
        let readerA = MessageCollector(a.messages) { message in
            if recorder.secondMemberStarting.withLock({ $0 }) && recorder.revoked.withLock({ $0.isEmpty }) {
                Thread.sleep(forTimeInterval: 0.03)
            }
            try? a.storeOffset(message)
        }
        try await readerA.wait(timeout: .seconds(30)) { $0.count >= 300 }
        try await a.commit()
        let partitions = (0..<6).map { TopicPartition(topic: topic, partition: Int32($0)) }
        let committed = try await a.committedOffsets(for: partitions)

        recorder.secondMemberStarting.withLock { $0 = true }
        try await cluster.produce(600, to: topic)
        let b = try KafkaConsumer(configuration: cluster.consumerConfiguration(group: group, topics: [topic]), logger: cluster.logger)
        let readerB = MessageCollector(b.messages) { message in try b.storeOffset(message) }
        let total = 900
        func position(_ message: KafkaConsumerMessage) -> String { "\(message.partition)@\(message.offset)" }
        try await readerB.wait(timeout: .seconds(40), "both members to read everything") { _ in
            Set((readerA.messages + readerB.messages).map(position)).count == total
        }

        #expect(!recorder.revoked.withLock { $0 }.isEmpty, "B's join should have moved partitions away from A")
        #expect(!readerB.messages.isEmpty)
        // No loss: every record was read by one member or the other.
        #expect(Set((readerA.messages + readerB.messages).map(position)).count == total)
        // Nothing below an offset A had committed is handed to B again.
        for message in readerB.messages {
            let floor = committed[message.topicPartition] ?? nil
            #expect(message.offset >= floor ?? 0, "B re-read \(message.topicPartition)@\(message.offset), committed by A")
        }
        await a.close()
        await b.close()
        await cluster.broker.shutdown()
    }

    @Test("pause holds a partition back and resume releases it")
    func pauseResume() async throws {
        let cluster = try TestCluster()
        let topic = try cluster.topic(partitions: 2)
        let consumer = try KafkaConsumer(
            configuration: cluster.consumerConfiguration(group: TestCluster.uniqueName("g"), topics: [topic]), logger: cluster.logger)
        let reader = MessageCollector(consumer.messages)
        let producer = try cluster.producer()
        for partition in Int32(0)..<2 {
            try await producer.send(KafkaProducerMessage(topic: topic, partition: partition, value: Array("warm-\(partition)".utf8)))
        }
        try await reader.wait { $0.count >= 2 }

        let held = TopicPartition(topic: topic, partition: 0)
        consumer.pause([held])
        try await Task.sleep(for: .milliseconds(300))
        for index in 0..<10 {
            for partition in Int32(0)..<2 {
                try await producer.send(KafkaProducerMessage(topic: topic, partition: partition, value: Array("p\(partition)-\(index)".utf8)))
            }
        }
        try await reader.wait { $0.filter { $0.partition == 1 }.count >= 11 }
        try await Task.sleep(for: .milliseconds(500))
        #expect(reader.messages.filter { $0.partition == 0 }.count == 1, "a paused partition delivered records")

        consumer.resume([held])
        let all = try await reader.wait { $0.filter { $0.partition == 0 }.count >= 11 }
        #expect(all.filter { $0.partition == 0 }.map(\.valueString) == ["warm-0"] + (0..<10).map { "p0-\($0)" })
        await producer.shutdown()
        await consumer.close()
        await cluster.broker.shutdown()
    }
}

@Suite("Consumer back-pressure", .timeLimit(.minutes(1)))
struct ConsumerBackPressureTests {
    @Test("a slow reader, through short and long stalls, still reads every record once and in order")
    func slowReader() async throws {
        let cluster = try TestCluster()
        let topic = try cluster.topic(partitions: 4)
        try await cluster.produce(2_000, to: topic)
        var configuration = cluster.consumerConfiguration(group: TestCluster.uniqueName("g"), topics: [topic])
        configuration.bufferHighWatermark = 50
        configuration.bufferLowWatermark = 10
        configuration.readerStallBeforePause = .milliseconds(200)
        let consumer = try KafkaConsumer(configuration: configuration, logger: cluster.logger)
        let count = Mutex(0)
        let reader = MessageCollector(consumer.messages) { _ in
            let seen = count.withLock { value -> Int in
                value += 1
                return value
            }
            // Short stalls (the poll thread waits for demand) and one long one (it pauses).
            if seen % 250 == 0 { Thread.sleep(forTimeInterval: 0.05) }
            if seen == 1_000 { Thread.sleep(forTimeInterval: 0.6) }
        }
        let read = try await reader.wait(timeout: .seconds(40)) { $0.count >= 2_000 }
        try await Task.sleep(for: .milliseconds(200))
        #expect(reader.messages.count == 2_000, "a record came twice")
        #expect(Set(read.map(\.valueString)) == Set((0..<2_000).map { "value-\($0)" }))
        for partition in Int32(0)..<4 {
            let offsets = read.filter { $0.partition == partition }.map(\.offset)
            #expect(offsets == Array(0..<Int64(offsets.count)), "partition \(partition) out of order or with a gap")
        }
        await consumer.close()
        await cluster.broker.shutdown()
    }
}
