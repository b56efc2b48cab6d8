internal import Metrics
import Foundation
package import Logging
package import RdKafka
import ServiceLifecycle
package import StateStore

/// Consumes `llm.requests`, journals what is valid and dead-letters what is not, one poll round at
/// a time: dead letters are delivered, then the round is journaled in one transaction, and only
/// then are its offsets stored (DESIGN §4). A bad record never stops the stream.
package final class IntakeService: Service {
    private let consumer: KafkaConsumer
    private let producer: KafkaProducer
    private let store: StateStore
    private let decoder: IntakeDecoder
    private let deadLetterTopic: String
    private let gate: ChunkGate
    private let accumulator: Doorbell
    private let metrics: PipelineMetrics
    private let counters: PipelineCounters
    private let failPoints: FailPoints
    private let logger: Logger

    package init(
        consumer: KafkaConsumer, producer: KafkaProducer, store: StateStore, decoder: IntakeDecoder,
        deadLetterTopic: String, handler: IntakeRebalanceHandler, accumulator: Doorbell, metrics: PipelineMetrics,
        counters: PipelineCounters, failPoints: FailPoints = .none, logger: Logger
    ) {
        self.consumer = consumer
        self.producer = producer
        self.store = store
        self.decoder = decoder
        self.deadLetterTopic = deadLetterTopic
        self.gate = handler.gate
        self.accumulator = accumulator
        self.metrics = metrics
        self.counters = counters
        self.failPoints = failPoints
        self.logger = logger
    }

    /// The rebalance handler to give the consumer: it waits for the chunk in hand.
    package static func makeRebalanceHandler(logger: Logger) -> IntakeRebalanceHandler {
        IntakeRebalanceHandler(gate: ChunkGate(), logger: logger)
    }

    /// Runs until the consumer closes (graceful shutdown closes it first, after its final revoke).
    package func run() async throws {
        var iterator = consumer.messages.makeAsyncIterator()
        while let chunk = try await iterator.nextChunk() {
            try await gate.run { try await self.handOff(chunk) }
        }
        logger.info("Intake finished: the consumer closed")
        // The consumer stops first on shutdown; stay until the group reaches this stage, so that
        // ending early is not mistaken for a failure.
        try? await gracefulShutdown()
    }

    private func handOff(_ chunk: [KafkaConsumerMessage]) async throws {
        let now = Date()
        var entries: [JournalEntry] = []
        var rejections: [PendingResolution] = []
        var deadLetters: [KafkaProducerMessage] = []
        for message in chunk {
            switch decoder.decide(message, receivedAt: now) {
            case .accept(let entry):
                entries.append(entry)
            case .reject(let entry, let resolution):
                entries.append(entry)
                rejections.append(resolution)
            case .deadLetter(let headers, let reason):
                logger.notice(
                    "Record dead-lettered",
                    metadata: ["source": "\(message.topicPartition)@\(message.offset)", "reason": "\(reason)"])
                deadLetters.append(
                    KafkaProducerMessage(
                        topic: deadLetterTopic, key: message.key, value: message.value,
                        headers: message.headers + headers))
            }
        }
        try await deliver(deadLetters)
        // A full disk pauses here, chunk in hand, until the journal write goes through.
        let outcome = try await DiskFullWait().run(counters: counters, metrics: metrics, logger: logger) {
            try await store.journal(entries, rejecting: rejections)
        }
        try await failPoints.check(.afterJournal)
        storeOffsets(of: chunk)
        metrics.eventsIn.increment(by: chunk.count)
        metrics.deadLettered.increment(by: deadLetters.count)
        metrics.duplicates.increment(by: outcome.duplicates.count)
        metrics.rejected.increment(by: rejections.count)
        counters.update {
            $0.eventsIn += chunk.count
            $0.journaled += outcome.inserted.count
            $0.duplicates += outcome.duplicates.count
            $0.deadLettered += deadLetters.count
            $0.rejected += rejections.count
        }
        if !outcome.inserted.isEmpty { accumulator.ring() }
    }

    /// Dead letters must be in Kafka before their offsets are stored, so each is retried until
    /// delivered; a fatal producer error ends the service (and the process) instead.
    private func deliver(_ records: [KafkaProducerMessage]) async throws {
        guard !records.isEmpty else { return }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for record in records {
                group.addTask { [producer, logger] in
                    var delay = Duration.milliseconds(100)
                    while true {
                        do {
                            try await producer.send(record)
                            return
                        } catch let error as KafkaError where !error.isFatal {
                            logger.warning("Dead letter not delivered; retrying", metadata: ["error": "\(error)"])
                            try await Task.sleep(for: delay)
                            delay = min(delay * 2, .seconds(5))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    private func storeOffsets(of chunk: [KafkaConsumerMessage]) {
        var next: [TopicPartition: Int64] = [:]
        for message in chunk {
            next[message.topicPartition] = max(next[message.topicPartition] ?? 0, message.offset + 1)
        }
        do {
            try consumer.storeOffsets(next)
        } catch {
            // A partition revoked meanwhile: its new owner re-reads these records, and the journal
            // ignores the ones it already has.
            logger.debug("Offsets not stored", metadata: ["error": "\(error)"])
        }
    }
}
