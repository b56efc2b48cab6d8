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
    private let handle: RdKafkaHandle
    let core: ConsumerCore
    private let pollThread: PollThread
    private let blocking: BlockingCalls
    private let source: SendableSource
    private let closeTimeout: Duration
    private let logger: Logger
    /// The records fetched for this member. Iterate it from one task.
    public let messages: KafkaConsumerMessages

    /// Creates the consumer, subscribes to ``KafkaConsumerConfiguration/topics`` and starts polling.
    /// - Throws: ``KafkaError`` with ``KafkaError/isConfiguration`` for a rejected property, an
    ///   empty topic list, or buffer or close bounds that make no sense.
    public init(
        configuration: KafkaConsumerConfiguration,
        rebalanceHandler: (any KafkaRebalanceHandler)? = nil,
        logger: Logger
    ) throws(KafkaError) {
        guard !configuration.topics.isEmpty else { throw .configuration("a consumer needs at least one topic") }
        guard configuration.bufferLowWatermark >= 1, configuration.bufferHighWatermark > configuration.bufferLowWatermark else {
            throw .configuration("buffer watermarks must satisfy 1 <= low < high")
        }
        guard configuration.bufferMaxBytes >= 1 else { throw .configuration("bufferMaxBytes must be at least 1") }
        guard configuration.closeTimeout > .zero else { throw .configuration("closeTimeout must be positive") }
        let demand = ConsumerCore.Demand(maxBytes: configuration.bufferMaxBytes)
        let core = ConsumerCore(
            demand: demand, logger: logger, rebalanceHandler: rebalanceHandler,
            rebalanceTimeout: configuration.rebalanceHandlerTimeout)
        let handle = try RdKafkaConfig.client(
            RD_KAFKA_CONSUMER, properties: configuration.librdkafkaProperties,
            context: ClientContext(logger: logger, role: .consumer(core)), name: "the consumer",
            configure: { conf in
                rd_kafka_conf_set_rebalance_cb(conf) { rk, err, partitions, opaque in
                    guard let rk, let partitions, case .consumer(let core)? = ClientContext.from(opaque)?.role else { return }
                    core.rebalance(rk: rk, err: err, partitions: partitions)
                }
            },
            teardown: { rk in
                core.destroyTopics()
                // The poll thread has already left the group, or given up on it at its deadline:
                // either way destroy must not try (and block) again.
                rd_kafka_destroy_flags(rk, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE)
            })
        let subscribed = try handle.withPointer { rk in
            rd_kafka_poll_set_consumer(rk)
            let topics = TopicPartitionList(configuration.topics.map { (TopicPartition(topic: $0, partition: RD_KAFKA_PARTITION_UA), nil) })
            return rd_kafka_subscribe(rk, topics.pointer)
        }
        guard subscribed == RD_KAFKA_RESP_ERR_NO_ERROR else {
            handle.destroy()
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
        self.source = source
        self.closeTimeout = configuration.closeTimeout
        self.logger = logger
        self.blocking = BlockingCalls(label: "sluice.kafka.consumer.blocking")
        self.messages = KafkaConsumerMessages(wrapped: sequence.sequence, core: core)
        self.pollThread = PollThread(name: "rdkafka-consumer") { thread in
            // The poll thread holds one use of the handle for as long as it polls and leaves the
            // group, then frees it once any caller's call in flight (a commit) has returned.
            _ = try? handle.withPointer { rk in
                Self.pollLoop(
                    rk: rk, core: core, source: source.source, thread: thread,
                    stallBound: configuration.readerStallBeforePause)
                Self.leaveGroup(rk: rk, core: core, configuration: configuration, logger: logger)
            }
            handle.destroy()
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

    /// Takes records from librdkafka and hands them to the reader, a poll round at a time, until
    /// asked to stop.
    ///
    /// Two bounds hold records back: NIO's watermarks (in rounds) and the byte budget
    /// (``KafkaConsumerConfiguration/bufferMaxBytes``). Records are handed over only while the
    /// reader's unread bytes are within the budget, each checked before it is added, so the reader
    /// never holds more than the budget plus one record. Records taken from librdkafka that do not
    /// fit wait here (`held`), and no more are taken while they plus the reader's exceed the budget.
    private static func pollLoop(
        rk: OpaquePointer, core: ConsumerCore, source: ConsumerCore.Source, thread: PollThread, stallBound: Duration
    ) {
        let demand = core.demand
        var batch: [UnsafeMutablePointer<rd_kafka_message_t>] = []
        batch.reserveCapacity(pollBatch)
        var held: [KafkaConsumerMessage] = []
        var heldBytes = 0
        var stalledSince: ContinuousClock.Instant?
        while !thread.isStopRequested && core.fatalError == nil {
            // A lagging reader (a high watermark behind, or over its byte budget): wait for it
            // rather than pause (which would purge the prefetch), but not so long that the group
            // goes unserved; past the bound, pause and keep polling.
            let readerGone = demand.readerGone.load(ordering: .acquiring)
            let lagging = !readerGone && (!demand.wanted.load(ordering: .acquiring) || !demand.hasRoom)
            var pauseAll = false
            if !lagging {
                stalledSince = nil
            } else {
                let since = stalledSince ?? .now
                stalledSince = since
                if ContinuousClock.now - since < stallBound {
                    demand.waitForDemand(timeout: .milliseconds(100))
                    continue
                }
                pauseAll = true
            }
            core.applyPauses(rk: rk, pauseAll: pauseAll)
            // While paused this poll only serves the group; whatever it returns is held.
            if held.isEmpty || pauseAll, let first = rd_kafka_consumer_poll(rk, 100) {
                batch.append(first)
            }
            if !pauseAll {
                var takenBytes = batch.reduce(0) { $0 + rawSize($1) }
                while batch.count < pollBatch,
                      readerGone || demand.bufferedBytes.load(ordering: .relaxed) + heldBytes + takenBytes <= demand.maxBytes,
                      let next = rd_kafka_consumer_poll(rk, 0)
                {
                    batch.append(next)
                    takenBytes += rawSize(next)
                }
            }
            if !batch.isEmpty {
                let copied = core.copy(batch, rk: rk)
                batch.removeAll(keepingCapacity: true)
                heldBytes += copied.reduce(0) { $0 + $1.byteCount }
                // Usually nothing is held: take the round's array as is rather than copy it.
                if held.isEmpty { held = copied } else { held.append(contentsOf: copied) }
            }
            guard !pauseAll, !held.isEmpty else { continue }
            // Hand over what fits the budget: each record is checked before it is added.
            let buffered = demand.bufferedBytes.load(ordering: .acquiring)
            var count = 0
            var bytes = 0
            while count < held.count && (readerGone || buffered + bytes <= demand.maxBytes) {
                bytes += held[count].byteCount
                count += 1
            }
            guard count > 0 else { continue }
            let round: [KafkaConsumerMessage]
            if count == held.count {
                round = held
                held = []
            } else {
                round = Array(held[..<count])
                held.removeFirst(count)
            }
            heldBytes -= bytes
            demand.handedOver(bytes: bytes)
            if case .stopProducing = source.yield(round) {
                demand.stopProducing()
            }
        }
    }

    /// Key and value bytes of a record still in librdkafka's memory.
    private static func rawSize(_ message: UnsafeMutablePointer<rd_kafka_message_t>) -> Int {
        message.pointee.len + message.pointee.key_len
    }

    /// Leaves the group cleanly (final revoke through the handler, commit, LeaveGroup), but gives
    /// up at ``KafkaConsumerConfiguration/closeTimeout``: `rd_kafka_consumer_close` has no bound
    /// of its own, so this serves the asynchronous close on a queue of its own until the deadline.
    ///
    /// The handler and the commit get the close timeout less a reserve (half of it, at most 5 s)
    /// for the rest of the leave: once they have given up, librdkafka must still be served to
    /// finish, or destroying the handle would wait for it.
    private static func leaveGroup(
        rk: OpaquePointer, core: ConsumerCore, configuration: KafkaConsumerConfiguration, logger: Logger
    ) {
        let deadline = ContinuousClock.now + configuration.closeTimeout
        core.closing(handOffBy: deadline - min(configuration.closeTimeout / 2, .seconds(5)))
        let joinBound = ContinuousClock.now + .milliseconds(configuration.sessionTimeoutMilliseconds + 5_000)
        awaitFirstJoin(rk: rk, core: core, until: min(deadline, joinBound))
        guard let queue = rd_kafka_queue_new(rk) else { return }
        defer { rd_kafka_queue_destroy(queue) }
        if let error = rd_kafka_consumer_close_queue(rk, queue) {
            logger.warning("consumer close", metadata: ["error": "\(KafkaError.consuming(error))"])
            return
        }
        while rd_kafka_consumer_closed(rk) == 0 {
            guard ContinuousClock.now < deadline else {
                logger.error("consumer close timed out; freeing the client without a clean group leave", metadata: [
                    "timeout": "\(configuration.closeTimeout)",
                ])
                return
            }
            _ = rd_kafka_queue_poll_callback(queue, 100)
        }
    }

    /// librdkafka 2.0.2 aborts the process when a cooperative-sticky consumer is destroyed between
    /// its JoinGroup and its first assignment (librdkafka #4312, fixed in 2.3.0). Closing waits,
    /// still serving the group, until the first assignment has arrived or `deadline` has passed.
    private static func awaitFirstJoin(rk: OpaquePointer, core: ConsumerCore, until deadline: ContinuousClock.Instant) {
        while !core.hasJoined.load(ordering: .acquiring) && core.fatalError == nil && ContinuousClock.now < deadline {
            if let message = rd_kafka_consumer_poll(rk, 100) { rd_kafka_message_destroy(message) }
        }
    }

    /// The fatal error librdkafka raised, if any.
    public var fatalError: KafkaError? { core.fatalError }

    /// Partitions currently assigned to this member.
    public var assignment: Set<TopicPartition> { core.assigned }

    /// Marks `message` handed off: its partition resumes after it on restart or rebalance.
    /// - Throws: a non-retriable error if the partition is no longer assigned here (its new owner
    ///   will receive the record again), or a closed error once the consumer is closed.
    /// The records of `messages` whose partitions are still assigned as when they were fetched.
    ///
    /// The message sequence already drops records revoked before they are handed out; a reader
    /// that holds records across a suspension point (work ahead of a hand-off) checks again here,
    /// after making sure no revoke can complete meanwhile (its rebalance handler waits for it).
    public func stillAssigned(_ messages: [KafkaConsumerMessage]) -> [KafkaConsumerMessage] {
        messages.filter { core.isCurrent($0) }
    }

    public func storeOffset(_ message: KafkaConsumerMessage) throws(KafkaError) {
        try handle.withPointer { rk throws(KafkaError) in try core.store(message, rk: rk) }
    }

    /// Stores the next offset to read for each partition (the last handed-off offset + 1).
    /// - Throws: as ``storeOffset(_:)``.
    public func storeOffsets(_ nextOffsets: [TopicPartition: Int64]) throws(KafkaError) {
        guard !nextOffsets.isEmpty else { return }
        try handle.withPointer { rk throws(KafkaError) in try core.store(nextOffsets, rk: rk) }
    }

    /// Commits the stored offsets now, waiting at most `timeout` for the broker's answer.
    /// - Throws: the commit's error, a retriable timeout, or a closed error once the consumer is closed.
    public func commit(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        let handle = self.handle
        try await blocking.run { () throws(KafkaError) in
            let result = try handle.withPointer { rk in ConsumerCore.commitStored(rk: rk, timeout: timeout) }
            if result == RD_KAFKA_RESP_ERR__TIMED_OUT { throw .timeout("no answer to the commit within \(timeout)") }
            if result != RD_KAFKA_RESP_ERR_NO_ERROR && result != RD_KAFKA_RESP_ERR__NO_OFFSET {
                throw .rdkafka(result, "commit")
            }
        }
    }

    /// The group's committed offsets for `partitions` (`nil` where none is committed).
    /// - Throws: librdkafka's error, or a closed error once the consumer is closed.
    public func committedOffsets(
        for partitions: [TopicPartition], timeout: Duration = .seconds(10)
    ) async throws(KafkaError) -> [TopicPartition: Int64?] {
        let handle = self.handle
        let milliseconds = timeout.milliseconds
        return try await blocking.run { () throws(KafkaError) -> [TopicPartition: Int64?] in
            let list = TopicPartitionList(partitions.map { ($0, nil) })
            let result = try handle.withPointer { rk in rd_kafka_committed(rk, list.pointer, milliseconds) }
            if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw .rdkafka(result, "committed offsets") }
            var offsets: [TopicPartition: Int64?] = [:]
            for element in list.elements {
                offsets[element.partition] = element.offset >= 0 ? element.offset : nil
            }
            return offsets
        }
    }

    /// Stops fetching `partitions` until ``resume(_:)``; records already fetched still arrive.
    /// After ``close()`` it does nothing.
    public func pause(_ partitions: [TopicPartition]) {
        core.pauseByCaller(partitions)
    }

    /// Undoes ``pause(_:)``; fetching goes on from the last record handed to the reader.
    /// After ``close()`` it does nothing.
    public func resume(_ partitions: [TopicPartition]) {
        core.resumeByCaller(partitions)
    }

    /// Leaves the group (final revoke through the handler, commit, LeaveGroup) and destroys the
    /// handle. The message sequence then finishes. Safe to call more than once; afterwards every
    /// call that needs the handle throws a closed error.
    ///
    /// Returns within ``KafkaConsumerConfiguration/closeTimeout`` plus a grace of 10 s for freeing
    /// the client, even if librdkafka hangs (it then goes on freeing it on the poll thread).
    public func close() async {
        pollThread.requestStop()
        if await !pollThread.join(timeout: closeTimeout + PollThread.teardownGrace) {
            logger.error("consumer close did not finish in time; the client is left to its thread", metadata: [
                "timeout": "\(closeTimeout + PollThread.teardownGrace)",
            ])
            source.source.finish(KafkaError.timeout("the consumer did not close within \(closeTimeout + PollThread.teardownGrace)"))
        }
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
