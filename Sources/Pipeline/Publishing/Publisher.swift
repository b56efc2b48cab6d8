internal import Metrics
import Foundation
package import Logging
package import RdKafka
package import StateStore

/// Delivers the outbox to Kafka at least once: a round of records is handed to the producer, the
/// rows whose delivery reports came back are marked published, and a batch whose records are all
/// out becomes `published`. A record not delivered stays in the outbox for the next round; its
/// stable `ce_id` lets consumers drop the duplicate a crash between delivery and marking can cause.
package actor Publisher {
    private let store: StateStore
    private let producer: KafkaProducer
    private let chunk: Int
    private let counters: PipelineCounters
    private let metrics: PipelineMetrics
    private let failPoints: FailPoints
    private let logger: Logger

    package init(
        store: StateStore, producer: KafkaProducer, chunk: Int, counters: PipelineCounters, metrics: PipelineMetrics,
        failPoints: FailPoints = .none, logger: Logger
    ) {
        self.store = store
        self.producer = producer
        self.chunk = chunk
        self.counters = counters
        self.metrics = metrics
        self.failPoints = failPoints
        self.logger = logger
    }

    /// Publishes one round.
    /// - Returns: Whether a full round went out (more may be waiting).
    package func pass() async throws -> Bool {
        let messages = try await store.unpublished(limit: chunk)
        guard !messages.isEmpty else { return false }
        let delivered = await withTaskGroup(of: (OutboxMessage, Bool).self) { group in
            for message in messages {
                group.addTask { [producer, logger] in
                    do {
                        try await producer.send(
                            KafkaProducerMessage(
                                topic: message.topic, key: message.key.map { Array($0) }, value: Array(message.value),
                                headers: message.headers.map { KafkaHeader(name: $0.name, string: $0.value) }))
                        return (message, true)
                    } catch {
                        logger.warning(
                            "Outbox record not delivered; it stays for the next round",
                            metadata: ["dedupe_key": "\(message.dedupeKey)", "error": "\(error)"])
                        return (message, false)
                    }
                }
            }
            var delivered: [OutboxMessage] = []
            for await (message, ok) in group where ok { delivered.append(message) }
            return delivered
        }
        if !delivered.isEmpty { try await failPoints.check(.midPublish) }
        let now = Date().unixMilliseconds
        try await store.markPublished(ids: delivered.compactMap(\.id), at: now)
        for batchID in Set(delivered.compactMap(\.batchID)) {
            if let batch = try await store.batch(id: batchID), batch.state == .ended {
                _ = try await store.markBatchPublished(batchID: batchID, at: now)
            }
        }
        counters.update { $0.published += delivered.count }
        for message in delivered {
            if let status = message.label { metrics.resultPublished(status: status).increment() }
        }
        if delivered.count < messages.count, let fatal = producer.fatalError { throw fatal }
        return messages.count == chunk && delivered.count == messages.count
    }
}
