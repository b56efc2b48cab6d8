import NIOCore

/// The records a ``KafkaConsumer`` fetches, in order per partition.
///
/// Back-pressured: when the reader falls behind by ``KafkaConsumerConfiguration/bufferHighWatermark``
/// records, the consumer stops polling until the reader drains to the low watermark (librdkafka's
/// bounded queue then stops fetching); only after ``KafkaConsumerConfiguration/readerStallBeforePause``
/// does it pause its partitions and go back to serving the group. It also stops taking records
/// while the records handed here and not yet taken hold more than
/// ``KafkaConsumerConfiguration/bufferMaxBytes`` of keys and values. Records of a partition revoked
/// since they were fetched are skipped: their offsets can no longer be stored here, and the
/// partition's new owner receives them.
/// Single reader only. It finishes when the consumer closes, and throws a fatal error if one is raised.
public struct KafkaConsumerMessages: AsyncSequence, Sendable {
    public typealias Element = KafkaConsumerMessage

    typealias Wrapped = NIOThrowingAsyncSequenceProducer<
        [KafkaConsumerMessage], any Error, NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark,
        ConsumerCore.Demand
    >

    let wrapped: Wrapped
    let core: ConsumerCore

    public struct AsyncIterator: AsyncIteratorProtocol {
        var wrapped: Wrapped.AsyncIterator
        let core: ConsumerCore
        /// The poll round being handed out, and how far into it the reader is.
        var batch: [KafkaConsumerMessage] = []
        var index = 0

        public mutating func next() async throws -> KafkaConsumerMessage? {
            while true {
                while index < batch.count {
                    let message = batch[index]
                    index += 1
                    core.demand.taken(bytes: message.byteCount)
                    if core.isCurrent(message) { return message }
                }
                guard let next = try await wrapped.next() else { return nil }
                batch = next
                index = 0
            }
        }

        /// The rest of the current poll round, or else the next round: the records that arrived
        /// together, for a reader that hands them off as one group (one journal commit).
        /// - Returns: A non-empty group, or nil once the consumer has closed.
        public mutating func nextChunk() async throws -> [KafkaConsumerMessage]? {
            while true {
                if index < batch.count {
                    let core = self.core
                    core.demand.taken(bytes: batch[index...].reduce(0) { $0 + $1.byteCount })
                    let chunk = batch[index...].filter { core.isCurrent($0) }
                    index = batch.count
                    if !chunk.isEmpty { return chunk }
                    continue
                }
                guard let next = try await wrapped.next() else { return nil }
                batch = next
                index = 0
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(wrapped: wrapped.makeAsyncIterator(), core: core)
    }
}
