internal import CRdKafka
public import Logging
import Dispatch
import NIOCore
import Synchronization
public import ServiceLifecycle

/// Reads a consumer group's share of some topics through librdkafka, for at-least-once hand-off.
///
/// The consumer never stores an offset by itself: call ``storeOffset(_:)`` once a record is
/// durably handed off (journaled), and auto-commit commits what was stored; ``commit()`` commits
/// at once. A ``KafkaRebalanceHandler`` gets the chance to hand off in-flight work before
/// partitions go, after which the consumer commits synchronously. ``pause(_:)`` and ``resume(_:)``
/// hold back partitions; the message sequence holds back fetching when its reader lags.
///
/// As a `Service`, ``run()`` keeps the consumer in its group until graceful shutdown, then
/// leaves it cleanly (final revoke, commit, LeaveGroup).
///
/// - Important: librdkafka is polled on a thread of the consumer's own, never on the cooperative pool.
public final class KafkaConsumer: Service, Sendable {
    private let handle: SendableHandle
    private let core: ConsumerCore
    private let pollThread: PollThread
    private let blocking: BlockingCalls
    /// The records fetched for this member. Iterate it from one task.
    public let messages: KafkaConsumerMessages

    /// Creates the consumer, subscribes to ``KafkaConsumerConfiguration/topics`` and starts polling.
    /// - Throws: ``KafkaError`` with ``KafkaError/isConfiguration`` for a rejected property or an
    ///   empty topic list.
    public init(
        configuration: KafkaConsumerConfiguration,
        rebalanceHandler: (any KafkaRebalanceHandler)? = nil,
        logger: Logger
    ) throws(KafkaError) {
        guard !configuration.topics.isEmpty else { throw .configuration("a consumer needs at least one topic") }
        guard configuration.bufferLowWatermark >= 1, configuration.bufferHighWatermark > configuration.bufferLowWatermark else {
            throw .configuration("buffer watermarks must satisfy 1 <= low < high")
        }
        let demand = ConsumerCore.Demand()
        let core = ConsumerCore(
            demand: demand, logger: logger, rebalanceHandler: rebalanceHandler,
            rebalanceTimeout: configuration.rebalanceHandlerTimeout)
        let (handle, unmanaged) = try RdKafkaConfig.client(
            RD_KAFKA_CONSUMER, properties: configuration.librdkafkaProperties,
            context: ClientContext(logger: logger, role: .consumer(core))
        ) { conf in
            rd_kafka_conf_set_rebalance_cb(conf) { rk, err, partitions, opaque in
                guard let rk, let partitions, case .consumer(let core)? = ClientContext.from(opaque)?.role else { return }
                core.rebalance(rk: rk, err: err, partitions: partitions)
            }
        }
        let rk = handle.pointer
        rd_kafka_poll_set_consumer(rk)
        let topics = TopicPartitionList(configuration.topics.map { (TopicPartition(topic: $0, partition: RD_KAFKA_PARTITION_UA), nil) })
        let subscribed = rd_kafka_subscribe(rk, topics.pointer)
        guard subscribed == RD_KAFKA_RESP_ERR_NO_ERROR else {
            rd_kafka_destroy(rk)
            unmanaged.release()
            throw .rdkafka(subscribed, "subscribe to \(configuration.topics)")
        }

        // NIO counts poll rounds (at most `pollBatch` records each), so the record watermarks become
        // round counts that keep at most about `bufferHighWatermark` records waiting.
        let high = max(2, (configuration.bufferHighWatermark + Self.pollBatch - 1) / Self.pollBatch)
        let low = min(high - 1, max(1, configuration.bufferLowWatermark / Self.pollBatch))
        let sequence = NIOThrowingAsyncSequenceProducer.makeSequence(
            elementType: [KafkaConsumerMessage].self,
            backPressureStrategy: NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark(
                lowWatermark: low, highWatermark: high),
            finishOnDeinit: false,
            delegate: demand)
        let source = SendableSource(source: sequence.source)
        self.handle = handle
        self.core = core
        self.blocking = BlockingCalls(label: "sluice.kafka.consumer.blocking")
        self.messages = KafkaConsumerMessages(wrapped: sequence.sequence, core: core)
        self.pollThread = PollThread(name: "rdkafka-consumer") { thread in
            Self.pollLoop(
                handle: handle, core: core, source: source.source, thread: thread,
                stallBound: configuration.readerStallBeforePause)
            Self.awaitFirstJoin(handle: handle, core: core, bound: .milliseconds(configuration.sessionTimeoutMilliseconds + 5_000))
            // Leave the group cleanly: final revoke (the handler hands off), commit, LeaveGroup.
            let closed = rd_kafka_consumer_close(handle.pointer)
            if closed != RD_KAFKA_RESP_ERR_NO_ERROR {
                logger.warning("consumer close", metadata: ["error": "\(KafkaError.rdkafka(closed))"])
            }
            core.destroyTopics()
            rd_kafka_destroy(handle.pointer)
            unmanaged.release()
            if let fatal = core.fatalError {
                source.source.finish(fatal)
            } else {
                source.source.finish()
            }
        }
    }

    deinit {
        pollThread.requestStop()
    }

    /// Most records taken from librdkafka in one poll round and handed to the reader together.
    static let pollBatch = 512

    private static func pollLoop(
        handle: SendableHandle, core: ConsumerCore, source: ConsumerCore.Source, thread: PollThread, stallBound: Duration
    ) {
        var batch: [UnsafeMutablePointer<rd_kafka_message_t>] = []
        batch.reserveCapacity(pollBatch)
        var stalledSince: ContinuousClock.Instant?
        while !thread.isStopRequested && core.fatalError == nil {
            // A lagging reader: wait for it rather than pause (which would purge the prefetch),
            // but not so long that the group goes unserved; past the bound, pause and keep polling.
            var pauseAll = false
            if core.demand.wanted.load(ordering: .acquiring) || core.demand.readerGone.load(ordering: .acquiring) {
                stalledSince = nil
            } else {
                let since = stalledSince ?? .now
                stalledSince = since
                if ContinuousClock.now - since < stallBound {
                    core.demand.waitForDemand(timeout: .milliseconds(100))
                    continue
                }
                pauseAll = true
            }
            core.applyPauses(rk: handle.pointer, pauseAll: pauseAll)
            guard let first = rd_kafka_consumer_poll(handle.pointer, 100) else { continue }
            batch.append(first)
            while batch.count < pollBatch, let next = rd_kafka_consumer_poll(handle.pointer, 0) {
                batch.append(next)
            }
            let copied = core.copy(batch, rk: handle.pointer)
            batch.removeAll(keepingCapacity: true)
            guard !copied.isEmpty else { continue }
            if case .stopProducing = source.yield(copied) {
                core.demand.stopProducing()
            }
        }
    }

    /// librdkafka 2.0.2 aborts the process when a cooperative-sticky consumer is destroyed between
    /// its JoinGroup and its first assignment (librdkafka #4312, fixed in 2.3.0). Closing waits,
    /// still serving the group, until the first assignment has arrived or `bound` has passed.
    private static func awaitFirstJoin(handle: SendableHandle, core: ConsumerCore, bound: Duration) {
        let deadline = ContinuousClock.now + bound
        while !core.hasJoined.load(ordering: .acquiring) && core.fatalError == nil && ContinuousClock.now < deadline {
            if let message = rd_kafka_consumer_poll(handle.pointer, 100) { rd_kafka_message_destroy(message) }
        }
    }

    /// The fatal error librdkafka raised, if any.
    public var fatalError: KafkaError? { core.fatalError }

    /// Partitions currently assigned to this member.
    public var assignment: Set<TopicPartition> { core.assigned }

    /// Marks `message` handed off: its partition resumes after it on restart or rebalance.
    /// - Throws: a non-retriable error if the partition is no longer assigned here (its new owner
    ///   will receive the record again).
    public func storeOffset(_ message: KafkaConsumerMessage) throws(KafkaError) {
        try core.store(message, rk: handle.pointer)
    }

    /// Stores the next offset to read for each partition (the last handed-off offset + 1).
    public func storeOffsets(_ nextOffsets: [TopicPartition: Int64]) throws(KafkaError) {
        guard !nextOffsets.isEmpty else { return }
        try core.store(nextOffsets, rk: handle.pointer)
    }

    /// Commits the stored offsets now, waiting for the broker's answer.
    public func commit() async throws(KafkaError) {
        let handle = self.handle
        try await blocking.run { () throws(KafkaError) in
            let result = rd_kafka_commit(handle.pointer, nil, 0)
            if result != RD_KAFKA_RESP_ERR_NO_ERROR && result != RD_KAFKA_RESP_ERR__NO_OFFSET {
                throw .rdkafka(result, "commit")
            }
        }
    }

    /// The group's committed offsets for `partitions` (`nil` where none is committed).
    public func committedOffsets(
        for partitions: [TopicPartition], timeout: Duration = .seconds(10)
    ) async throws(KafkaError) -> [TopicPartition: Int64?] {
        let handle = self.handle
        let milliseconds = timeout.milliseconds
        return try await blocking.run { () throws(KafkaError) -> [TopicPartition: Int64?] in
            let list = TopicPartitionList(partitions.map { ($0, nil) })
            let result = rd_kafka_committed(handle.pointer, list.pointer, milliseconds)
            if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw .rdkafka(result, "committed offsets") }
            var offsets: [TopicPartition: Int64?] = [:]
            for element in list.elements {
                offsets[element.partition] = element.offset >= 0 ? element.offset : nil
            }
            return offsets
        }
    }

    /// Stops fetching `partitions` until ``resume(_:)``; records already fetched still arrive.
    public func pause(_ partitions: [TopicPartition]) {
        core.pauseByCaller(partitions)
    }

    /// Undoes ``pause(_:)``; fetching goes on from the last record handed to the reader.
    public func resume(_ partitions: [TopicPartition]) {
        core.resumeByCaller(partitions)
    }

    /// Leaves the group (final revoke through the handler, commit, LeaveGroup) and destroys the
    /// handle. The message sequence then finishes. Safe to call more than once.
    public func close() async {
        pollThread.requestStop()
        await pollThread.join()
    }

    /// Runs until graceful shutdown (or a fatal error), then closes.
    /// - Throws: the fatal ``KafkaError`` if librdkafka raised one.
    public func run() async throws {
        await waitForShutdownOrFatal(core.onFatal)
        await close()
        if let fatal = core.fatalError { throw fatal }
    }
}

/// NIO's source is thread-safe; this only lets the poll thread's closure capture it.
private struct SendableSource: @unchecked Sendable {
    let source: ConsumerCore.Source
}
