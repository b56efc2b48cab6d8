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
    ///
    /// Two chunks overlap: while the committer journals one (on the database's writer thread),
    /// the reader decodes and renders the next, so both cores work. Journal commits stay in
    /// consumption order, and each chunk's offsets are stored only after its own commit. Either
    /// side failing ends both at once, and the service with the error.
    package func run() async throws {
        let handoff = ChunkHandoff<DecidedChunk>()
        try await withThrowingTaskGroup(of: Void.self) { sides in
            sides.addTask { try await self.read(into: handoff) }
            sides.addTask { try await self.commit(from: handoff) }
            do {
                try await sides.next()
                try await sides.next()
            } catch {
                sides.cancelAll()
                if await handoff.fail() != nil { await gate.leave() }
                throw error
            }
        }
        logger.info("Intake finished: the consumer closed")
        // The consumer stops first on shutdown; stay until the group reaches this stage, so that
        // ending early is not mistaken for a failure.
        try? await gracefulShutdown()
    }

    /// Takes chunks from the consumer, decodes them and hands them to the committer.
    private func read(into handoff: ChunkHandoff<DecidedChunk>) async throws {
        var iterator = consumer.messages.makeAsyncIterator()
        while let fetched = try await iterator.nextChunk() {
            await gate.enter()
            // Fetched before a revoke that completed while this waited: drop what went.
            let decided = await decideInParallel(consumer.stillAssigned(fetched))
            guard await handoff.put(decided) else {
                await gate.leave()
                return
            }
        }
        await handoff.finish()
    }

    /// Journals the decoded chunks in order, storing each one's offsets after its commit.
    private func commit(from handoff: ChunkHandoff<DecidedChunk>) async throws {
        while let decided = await handoff.take() {
            do {
                try await commit(decided)
            } catch {
                await gate.leave()
                throw error
            }
            await gate.leave()
        }
    }

    /// A chunk decoded, ready to journal.
    private struct DecidedChunk: Sendable {
        var messages: [KafkaConsumerMessage]
        var entries: [JournalEntry] = []
        var rejections: [PendingResolution] = []
        var deadLetters: [KafkaProducerMessage] = []
    }

    /// Decodes a chunk on every core: records are independent until the journal, and decoding
    /// (validation, rendering, hashing) is most of the intake's work.
    private func decideInParallel(_ chunk: [KafkaConsumerMessage]) async -> DecidedChunk {
        let parts = chunk.count >= 64 ? Self.decodeParallelism : 1
        guard parts > 1 else { return decide(chunk) }
        let size = (chunk.count + parts - 1) / parts
        let decided = await withTaskGroup(of: (Int, DecidedChunk).self) { group in
            for part in 0..<parts {
                let slice = Array(chunk[min(part * size, chunk.count)..<min((part + 1) * size, chunk.count)])
                group.addTask { (part, self.decide(slice)) }
            }
            var results: [DecidedChunk?] = Array(repeating: nil, count: parts)
            for await (part, result) in group { results[part] = result }
            return results.compactMap { $0 }
        }
        var merged = DecidedChunk(messages: chunk)
        for part in decided {
            merged.entries += part.entries
            merged.rejections += part.rejections
            merged.deadLetters += part.deadLetters
        }
        return merged
    }

    /// Parts a chunk is decoded in at once: the machine's cores.
    private static let decodeParallelism = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))

    private func decide(_ chunk: [KafkaConsumerMessage]) -> DecidedChunk {
        let now = Date()
        var decided = DecidedChunk(messages: chunk)
        decided.entries.reserveCapacity(chunk.count)
        for message in chunk {
            switch decoder.decide(message, receivedAt: now) {
            case .accept(let entry):
                decided.entries.append(entry)
            case .reject(let entry, let resolution):
                decided.entries.append(entry)
                decided.rejections.append(resolution)
            case .deadLetter(let headers, let reason):
                logger.notice(
                    "Record dead-lettered",
                    metadata: ["source": "\(message.topicPartition)@\(message.offset)", "reason": "\(reason)"])
                decided.deadLetters.append(
                    KafkaProducerMessage(
                        topic: deadLetterTopic, key: message.key, value: message.value,
                        headers: message.headers + headers))
            }
        }
        return decided
    }

    private func commit(_ chunk: DecidedChunk) async throws {
        guard !chunk.messages.isEmpty else { return }
        try await deliver(chunk.deadLetters)
        // A full disk pauses here, chunk in hand, until the journal write goes through.
        let outcome = try await DiskFullWait().run(counters: counters, metrics: metrics, logger: logger) {
            try await store.journal(chunk.entries, rejecting: chunk.rejections)
        }
        try await failPoints.check(.afterJournal)
        storeOffsets(of: chunk.messages)
        metrics.eventsIn.increment(by: chunk.messages.count)
        metrics.deadLettered.increment(by: chunk.deadLetters.count)
        metrics.duplicates.increment(by: outcome.duplicates.count)
        metrics.rejected.increment(by: chunk.rejections.count)
        counters.update {
            $0.eventsIn += chunk.messages.count
            $0.journaled += outcome.inserted.count
            $0.duplicates += outcome.duplicates.count
            $0.deadLettered += chunk.deadLetters.count
            $0.rejected += chunk.rejections.count
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
