@_spi(Testing) import RdKafka
import Foundation
import Synchronization
import Testing

@Suite("Consumer byte budget", .timeLimit(.minutes(1)))
struct ConsumerByteBudgetTests {
    /// The bound is the budget plus one record, not plus one poll round: the poll thread checks the
    /// budget before it hands over each record, so only the record that crosses it can overshoot.
    @Test("a slow reader under a small byte budget never holds more than budget + one record, and reads everything", arguments: [false, true])
    func slowReaderBounded(inChunks: Bool) async throws {
        let cluster = try TestCluster()
        let topic = try cluster.topic(partitions: 2)
        let count = 240
        let valueSize = 8 * 1024
        let producer = try cluster.producer()
        for index in 0..<count {
            var value = Array(repeating: UInt8(ascii: "x"), count: valueSize)
            value.replaceSubrange(0..<8, with: Array(String(format: "%08d", index).utf8))
            _ = try await producer.enqueue(KafkaProducerMessage(topic: topic, key: Array("k\(index % 4)".utf8), value: value))
        }
        try await producer.flush(timeout: .seconds(20))
        await producer.shutdown()

        var configuration = cluster.consumerConfiguration(group: TestCluster.uniqueName("g"), topics: [topic])
        let budget = 40 * 1024
        configuration.bufferMaxBytes = budget
        let consumer = try KafkaConsumer(configuration: configuration, logger: cluster.logger)
        let read = Mutex<[KafkaConsumerMessage]>([])
        let messages = consumer.messages
        let reader = Task {
            var iterator = messages.makeAsyncIterator()
            while true {
                let got: [KafkaConsumerMessage]
                if inChunks {
                    guard let chunk = try await iterator.nextChunk() else { return }
                    got = chunk
                } else {
                    guard let message = try await iterator.next() else { return }
                    got = [message]
                }
                read.withLock { $0.append(contentsOf: got) }
                // A slow reader, so the poll thread keeps running into the budget.
                try await Task.sleep(for: .milliseconds(2))
            }
        }
        try await waitUntil(timeout: .seconds(40), "all records") { read.withLock { $0.count } >= count }
        let all = read.withLock { $0 }
        let largest = all.map { ($0.key?.count ?? 0) + $0.value.count }.max() ?? 0
        let peak = consumer.peakBufferedBytesForTesting
        #expect(peak > 0)
        #expect(peak <= budget + largest, "buffered \(peak) bytes, budget \(budget) + one record of \(largest)")
        #expect(all.count == count, "a record came twice")
        #expect(Set(all.map { String(decoding: $0.value.prefix(8), as: UTF8.self) }).count == count)
        for partition in Int32(0)..<2 {
            let offsets = all.filter { $0.partition == partition }.map(\.offset)
            #expect(offsets == Array(0..<Int64(offsets.count)), "partition \(partition) out of order or with a gap")
        }
        await consumer.close()
        reader.cancel()
        _ = try? await reader.value
        await cluster.broker.shutdown()
    }
}
