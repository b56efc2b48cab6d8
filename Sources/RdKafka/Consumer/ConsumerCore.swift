internal import CRdKafka
import Dispatch
import Logging
import NIOCore
import Synchronization

/// The consumer's shared state: which partitions are assigned (and under which epoch), which the
/// caller paused, whether the reader wants more, and a fatal error once one is raised.
///
/// The poll thread is the only one that calls librdkafka's assign and pause APIs; other threads
/// change the wanted state here and the poll thread applies it on its next round.
final class ConsumerCore: Sendable {
    /// Records travel from the poll thread to the reader a poll round at a time: one hand-off per
    /// batch, not per record.
    typealias Source = NIOThrowingAsyncSequenceProducer<
        [KafkaConsumerMessage], any Error, NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark, Demand
    >.Source

    /// Receives NIO's back-pressure signals for the message sequence.
    ///
    /// When the reader falls a high watermark behind, the poll thread stops polling and waits here
    /// for NIO to ask for more: librdkafka then stops fetching once its own bounded queue is full,
    /// and nothing fetched is thrown away. (Pausing partitions instead purges librdkafka's
    /// prefetch, up to `queued.max.messages.kbytes`, which must then be fetched again: measured
    /// 20 times slower for 1 KB records.)
    ///
    /// It also keeps the byte budget: the key and value bytes handed to the reader and not yet
    /// taken, which the poll thread keeps within ``maxBytes`` (plus one record).
    final class Demand: NIOAsyncSequenceProducerDelegate {
        let wanted = Atomic<Bool>(true)
        let readerGone = Atomic<Bool>(false)
        /// Key and value bytes handed to the reader and not yet taken by it.
        let bufferedBytes = Atomic<Int>(0)
        /// The most ``bufferedBytes`` has been, so tests can check the bound.
        let peakBufferedBytes = Atomic<Int>(0)
        /// ``KafkaConsumerConfiguration/bufferMaxBytes``.
        let maxBytes: Int
        private let signal = DispatchSemaphore(value: 0)

        init(maxBytes: Int) {
            self.maxBytes = maxBytes
        }

        /// Whether the reader has room for more bytes.
        var hasRoom: Bool { bufferedBytes.load(ordering: .acquiring) <= maxBytes }

        /// Poll thread: `bytes` more are on their way to the reader.
        func handedOver(bytes: Int) {
            let now = bufferedBytes.add(bytes, ordering: .acquiringAndReleasing).newValue
            // The poll thread is the only writer of the peak.
            if now > peakBufferedBytes.load(ordering: .relaxed) { peakBufferedBytes.store(now, ordering: .relaxed) }
        }

        /// Reader: it has taken `bytes`; wakes the poll thread when that makes room again.
        func taken(bytes: Int) {
            guard bytes > 0 else { return }
            let now = bufferedBytes.subtract(bytes, ordering: .acquiringAndReleasing).newValue
            if now <= maxBytes && now + bytes > maxBytes { signal.signal() }
        }

        func produceMore() {
            wanted.store(true, ordering: .releasing)
            signal.signal()
        }

        /// The reader is a high watermark behind.
        func stopProducing() { wanted.store(false, ordering: .releasing) }

        func didTerminate() {
            readerGone.store(true, ordering: .releasing)
            signal.signal()
        }

        /// Poll thread: blocks up to `timeout` for the reader to want more (spurious wake-ups are
        /// fine: the caller re-checks ``wanted``).
        func waitForDemand(timeout: DispatchTimeInterval) {
            _ = signal.wait(timeout: .now() + timeout)
        }
    }

    private struct State {
        var epochs: [TopicPartition: UInt64] = [:]
        var nextEpoch: UInt64 = 1
        var userPaused: Set<TopicPartition> = []
        var appliedPaused: Set<TopicPartition> = []
        var topicNames: [UInt: String] = [:]
        /// Topic handles for the single-record store path: used only inside a use of the client
        /// handle, and destroyed by its teardown, before the client.
        var storeTopics: [String: BorrowedPointer] = [:]
        /// When a closing consumer stops waiting for the final revoke's handler and commit.
        var handOffDeadline: ContinuousClock.Instant?
        var fatal: KafkaError?
        var fatalWatchers: [@Sendable () -> Void] = []
    }

    private let state = Mutex(State())
    /// Counts revocations, so the reader can tell with one atomic load that nothing was revoked
    /// since a record was fetched (the common case) and skip the locked epoch check.
    let revocations = Atomic<UInt64>(0)
    /// Set by the first rebalance callback: the group's join and sync have completed once.
    let hasJoined = Atomic<Bool>(false)
    let demand: Demand
    let logger: Logger
    let rebalanceHandler: (any KafkaRebalanceHandler)?
    let rebalanceTimeout: Duration

    init(demand: Demand, logger: Logger, rebalanceHandler: (any KafkaRebalanceHandler)?, rebalanceTimeout: Duration) {
        self.demand = demand
        self.logger = logger
        self.rebalanceHandler = rebalanceHandler
        self.rebalanceTimeout = rebalanceTimeout
    }

    // MARK: - Fatal errors

    func fail(_ error: KafkaError) {
        let watchers = state.withLock { state in
            if state.fatal == nil { state.fatal = error }
            defer { state.fatalWatchers = [] }
            return state.fatalWatchers
        }
        for watcher in watchers { watcher() }
    }

    var fatalError: KafkaError? { state.withLock { $0.fatal } }

    func onFatal(_ watcher: @escaping @Sendable () -> Void) {
        let already = state.withLock { state in
            if state.fatal != nil { return true }
            state.fatalWatchers.append(watcher)
            return false
        }
        if already { watcher() }
    }

    // MARK: - Assignment epochs

    /// Whether a record fetched under `epoch` still belongs to the current assignment.
    func isCurrent(_ message: KafkaConsumerMessage) -> Bool {
        if message.revocationsAtFetch == revocations.load(ordering: .acquiring) { return true }
        return state.withLock { $0.epochs[message.topicPartition] == message.assignmentEpoch }
    }

    var assigned: Set<TopicPartition> { state.withLock { Set($0.epochs.keys) } }

    private func forget(_ partitions: [TopicPartition]) {
        state.withLock { state in
            revocations.add(1, ordering: .releasing)
            for partition in partitions {
                state.epochs[partition] = nil
                state.userPaused.remove(partition)
                state.appliedPaused.remove(partition)
            }
        }
    }

    /// Stores next offsets, but only for partitions still assigned, atomically with the revoke
    /// path's ``forget(_:)``: a store either precedes the revoke commit or fails.
    func store(_ nextOffsets: [TopicPartition: Int64], rk: OpaquePointer) throws(KafkaError) {
        let rk = BorrowedPointer(rk)
        let failure: KafkaError? = state.withLock { state in
            if let stray = nextOffsets.keys.first(where: { state.epochs[$0] == nil }) {
                return .rdkafka(RD_KAFKA_RESP_ERR__STATE, message: "store offset for \(stray): not assigned to this member")
            }
            let list = TopicPartitionList(nextOffsets.map { ($0.key, $0.value) })
            let result = rd_kafka_offsets_store(rk.raw, list.pointer)
            if let failed = list.elements.first(where: { $0.error != RD_KAFKA_RESP_ERR_NO_ERROR }) {
                return .rdkafka(failed.error, "store offset for \(failed.partition)")
            }
            return result == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : .rdkafka(result, "store offsets")
        }
        if let failure { throw failure }
    }

    /// The single-record form of ``store(_:rk:)``: marks `message` handed off without allocating
    /// (librdkafka's `rd_kafka_offset_store` stores `offset + 1`), atomically with the revoke path.
    func store(_ message: KafkaConsumerMessage, rk: OpaquePointer) throws(KafkaError) {
        let rk = BorrowedPointer(rk)
        let failure: KafkaError? = state.withLock { state in
            guard state.epochs[message.topicPartition] != nil else {
                return .rdkafka(RD_KAFKA_RESP_ERR__STATE, message: "store offset for \(message.topicPartition): not assigned to this member")
            }
            let rkt: OpaquePointer
            if let cached = state.storeTopics[message.topic] {
                rkt = cached.raw
            } else {
                guard let created = rd_kafka_topic_new(rk.raw, message.topic, nil) else {
                    return .rdkafka(rd_kafka_last_error(), "topic \(message.topic)")
                }
                state.storeTopics[message.topic] = BorrowedPointer(created)
                rkt = created
            }
            let result = rd_kafka_offset_store(rkt, message.partition, message.offset)
            return result == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : .rdkafka(result, "store offset for \(message.topicPartition)")
        }
        if let failure { throw failure }
    }

    /// The client handle's teardown, once no use is in flight: topic handles must go before the
    /// client handle.
    func destroyTopics() {
        let handles = state.withLock { state in
            defer { state.storeTopics = [:] }
            return Array(state.storeTopics.values)
        }
        for handle in handles { rd_kafka_topic_destroy(handle.raw) }
    }

    // MARK: - Pausing

    func pauseByCaller(_ partitions: [TopicPartition]) {
        state.withLock { $0.userPaused.formUnion(partitions) }
    }

    func resumeByCaller(_ partitions: [TopicPartition]) {
        state.withLock { $0.userPaused.subtract(partitions) }
    }

    /// Poll thread: brings librdkafka's paused set in line with the caller's pauses and, after a
    /// long reader stall (`pauseAll`), with the reader's demand.
    func applyPauses(rk: OpaquePointer, pauseAll: Bool) {
        let wantMore = !pauseAll
        let (toPause, toResume): ([TopicPartition], [TopicPartition]) = state.withLock { state in
            let assigned = Set(state.epochs.keys)
            let wanted = wantMore ? state.userPaused.intersection(assigned) : assigned
            let pause = wanted.subtracting(state.appliedPaused)
            let resume = state.appliedPaused.intersection(assigned).subtracting(wanted)
            state.appliedPaused = wanted
            return (Array(pause), Array(resume))
        }
        if !toPause.isEmpty {
            let list = TopicPartitionList(toPause.map { ($0, nil) })
            rd_kafka_pause_partitions(rk, list.pointer)
        }
        if !toResume.isEmpty {
            let list = TopicPartitionList(toResume.map { ($0, nil) })
            rd_kafka_resume_partitions(rk, list.pointer)
        }
    }

    // MARK: - Copying records out (poll thread)

    /// Copies a batch of records out of librdkafka and destroys them; errors are logged or raised.
    func copy(_ messages: [UnsafeMutablePointer<rd_kafka_message_t>], rk: OpaquePointer) -> [KafkaConsumerMessage] {
        var copied: [KafkaConsumerMessage] = []
        copied.reserveCapacity(messages.count)
        state.withLock { state in
            let revocationsAtFetch = revocations.load(ordering: .acquiring)
            for message in messages {
                defer { rd_kafka_message_destroy(message) }
                let rkmessage = message.pointee
                guard rkmessage.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                    if rkmessage.err != RD_KAFKA_RESP_ERR__PARTITION_EOF {
                        let text = rd_kafka_message_errstr(message).map { String(cString: $0) } ?? ""
                        logger.warning("consumer error", metadata: ["error": "\(String(cString: rd_kafka_err2name(rkmessage.err))): \(text)"])
                    }
                    continue
                }
                guard let rkt = rkmessage.rkt else { continue }
                let key = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(rkt)))
                let topic: String
                if let cached = state.topicNames[key] {
                    topic = cached
                } else {
                    topic = String(cString: rd_kafka_topic_name(rkt))
                    state.topicNames[key] = topic
                }
                let partition = TopicPartition(topic: topic, partition: rkmessage.partition)
                guard let epoch = state.epochs[partition] else { continue }
                var type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
                let timestamp = rd_kafka_message_timestamp(message, &type)
                copied.append(KafkaConsumerMessage(
                    topic: topic, partition: rkmessage.partition, offset: rkmessage.offset,
                    key: rkmessage.key.map { Array(UnsafeRawBufferPointer(start: $0, count: rkmessage.key_len)) },
                    value: rkmessage.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: rkmessage.len)) } ?? [],
                    headers: Self.headers(of: message),
                    timestampMilliseconds: type == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp,
                    assignmentEpoch: epoch, revocationsAtFetch: revocationsAtFetch))
            }
        }
        return copied
    }

    private static func headers(of message: UnsafeMutablePointer<rd_kafka_message_t>) -> [KafkaHeader] {
        var list: OpaquePointer?
        guard rd_kafka_message_headers(message, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return [] }
        var headers: [KafkaHeader] = []
        var index = 0
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            headers.append(KafkaHeader(
                name: name.map { String(cString: $0) } ?? "",
                value: value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) }))
            index += 1
        }
        return headers
    }

    // MARK: - Rebalancing (poll thread)

    func rebalance(rk: OpaquePointer, err: rd_kafka_resp_err_t, partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) {
        hasJoined.store(true, ordering: .releasing)
        let list = TopicPartitionList.elements(of: partitions).map(\.partition)
        let cooperative = rd_kafka_rebalance_protocol(rk).map { String(cString: $0) } == "COOPERATIVE"
        switch err {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            state.withLock { state in
                for partition in list {
                    state.epochs[partition] = state.nextEpoch
                    state.nextEpoch += 1
                    state.appliedPaused.remove(partition)
                }
            }
            logger.info("partitions assigned", metadata: ["partitions": "\(list.map(\.description))"])
            if cooperative {
                if let error = rd_kafka_incremental_assign(rk, partitions) {
                    logger.error("incremental assign failed", metadata: ["error": "\(KafkaError.consuming(error))"])
                }
            } else {
                let result = rd_kafka_assign(rk, partitions)
                if result != RD_KAFKA_RESP_ERR_NO_ERROR {
                    logger.error("assign failed", metadata: ["error": "\(KafkaError.rdkafka(result))"])
                }
            }
            if let handler = rebalanceHandler {
                waitFor("partitionsAssigned") { await handler.partitionsAssigned(list) }
            }
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            let lost = rd_kafka_assignment_lost(rk) != 0
            logger.info("partitions revoked", metadata: ["partitions": "\(list.map(\.description))", "lost": "\(lost)"])
            // Lost partitions may already be someone else's: nothing more may be stored for them.
            if lost { forget(list) }
            if let handler = rebalanceHandler {
                waitFor("partitionsRevoked") { await handler.partitionsRevoked(list, lost: lost) }
            }
            // From here no store can succeed for these partitions, so the commit below covers every
            // store that did (see ``store(_:rk:)``).
            forget(list)
            if !lost {
                let result = Self.commitStored(rk: rk, timeout: boundedByClose(rebalanceTimeout))
                // A failed commit costs re-delivery, never loss: the new owner starts from the last
                // committed offset. (The 2.0.2 mock refuses every commit while a rebalance is in
                // progress; real brokers accept them while the group prepares to rebalance.)
                if result != RD_KAFKA_RESP_ERR_NO_ERROR && result != RD_KAFKA_RESP_ERR__NO_OFFSET {
                    logger.warning("commit on revoke failed", metadata: ["error": "\(KafkaError.rdkafka(result))"])
                }
            }
            if cooperative {
                if let error = rd_kafka_incremental_unassign(rk, partitions) {
                    logger.error("incremental unassign failed", metadata: ["error": "\(KafkaError.consuming(error))"])
                }
            } else {
                rd_kafka_assign(rk, nil)
            }
        default:
            logger.error("rebalance error", metadata: ["error": "\(KafkaError.rdkafka(err))"])
            rd_kafka_assign(rk, nil)
        }
    }

    // MARK: - Closing

    /// Poll thread: the consumer is leaving its group; the final revoke's handler and commit
    /// must be done by `deadline`, so the group leave after them still fits the close timeout.
    func closing(handOffBy deadline: ContinuousClock.Instant) {
        state.withLock { $0.handOffDeadline = deadline }
    }

    /// `timeout`, cut short to what is left before the hand-off deadline, if the consumer is closing.
    private func boundedByClose(_ timeout: Duration) -> Duration {
        guard let deadline = state.withLock({ $0.handOffDeadline }) else { return timeout }
        return max(.zero, min(timeout, deadline - .now))
    }

    /// Commits the stored offsets and waits at most `timeout` for the broker's answer
    /// (`rd_kafka_commit` would wait without bound, for instance for a coordinator).
    /// - Returns: the commit's result, `_TIMED_OUT` if it did not come in time.
    static func commitStored(rk: OpaquePointer, timeout: Duration) -> rd_kafka_resp_err_t {
        guard let queue = rd_kafka_queue_new(rk) else { return RD_KAFKA_RESP_ERR__CRIT_SYS_RESOURCE }
        defer { rd_kafka_queue_destroy(queue) }
        let started = rd_kafka_commit_queue(rk, nil, queue, nil, nil)
        guard started == RD_KAFKA_RESP_ERR_NO_ERROR else { return started }
        guard let event = rd_kafka_queue_poll(queue, timeout.milliseconds) else { return RD_KAFKA_RESP_ERR__TIMED_OUT }
        defer { rd_kafka_event_destroy(event) }
        return rd_kafka_event_error(event)
    }

    /// Runs the caller's async handler and holds the poll thread (never the cooperative pool) until
    /// it returns or the timeout passes.
    private func waitFor(_ what: String, _ body: @escaping @Sendable () async -> Void) {
        let done = DispatchSemaphore(value: 0)
        Task {
            await body()
            done.signal()
        }
        let timeout = boundedByClose(rebalanceTimeout)
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        if done.wait(timeout: .now() + .nanoseconds(Int(nanoseconds))) == .timedOut {
            logger.error("rebalance handler timed out; partitions move on anyway", metadata: ["handler": "\(what)"])
        }
    }
}
