internal import CRdKafka
import NIOCore
import Synchronization

/// The producer's shared state: ids, callers waiting for their report, callers waiting for room
/// in librdkafka's queue, the topic-handle cache, and a fatal error once one is raised.
///
/// Touched from callers' tasks and from whichever thread serves librdkafka's callbacks (the poll
/// thread, or a flush on the blocking queue), always under one mutex and never across a blocking call.
final class ProducerCore: Sendable {
    /// Bit 63 of a message id marks a record whose report resumes a waiting ``KafkaProducer/send(_:)``.
    static let awaitedFlag: UInt64 = 1 << 63

    private struct State {
        var nextID: UInt64 = 1
        var waiters: [UInt64: Waiter] = [:]
        var fatalWatchers: [@Sendable () -> Void] = []
        var roomWaiters: [CheckedContinuation<Void, Never>] = []
        var reportGeneration: UInt64 = 0
        /// Topic handles: used only inside a use of the client handle, and destroyed by its
        /// teardown, before the client.
        var topics: [String: BorrowedPointer] = [:]
        var topicNames: [UInt: String] = [:]
        var fatal: KafkaError?
        var closed = false
        /// Reports of enqueued records served since the last ``reportsServed()``.
        var served: [DeliveryReport] = []
    }

    /// A sender's slot: its report may come before or after it starts waiting.
    private enum Waiter {
        case pending
        case waiting(CheckedContinuation<DeliveryReport, Never>)
        case done(DeliveryReport)
    }

    private let state = Mutex(State())
    let reports: DeliveryReports
    private let reportsSource: DeliveryReports.Wrapped.Source

    init() {
        let sequence = NIOAsyncSequenceProducer.makeSequence(
            elementType: DeliveryReport.self, backPressureStrategy: DeliveryReports.Unbounded(),
            finishOnDeinit: false, delegate: DeliveryReports.NoDemandSignal())
        reports = DeliveryReports(wrapped: sequence.sequence)
        reportsSource = sequence.source
    }

    /// Everything a send needs, under one lock: its id, the report generation it starts from
    /// (see ``waitForRoom(after:)``), and the topic handle; or why it must not be sent.
    func prepare(topic name: String, awaited: Bool, rk: OpaquePointer) throws(KafkaError) -> (id: UInt64, generation: UInt64, topic: OpaquePointer) {
        let rk = BorrowedPointer(rk)
        let result: Result<(UInt64, UInt64, BorrowedPointer), KafkaError> = state.withLock { state in
            if let fatal = state.fatal { return .failure(fatal) }
            if state.closed { return .failure(.closed("the producer is shut down")) }
            let id = awaited ? state.nextID | Self.awaitedFlag : state.nextID
            state.nextID += 1
            if let cached = state.topics[name] { return .success((id, state.reportGeneration, cached)) }
            guard let rkt = rd_kafka_topic_new(rk.raw, name, nil) else {
                return .failure(.rdkafka(rd_kafka_last_error(), "topic \(name)"))
            }
            state.topics[name] = BorrowedPointer(rkt)
            state.topicNames[UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(rkt)))] = name
            return .success((id, state.reportGeneration, BorrowedPointer(rkt)))
        }
        let (id, generation, topic) = try result.get()
        return (id, generation, topic.raw)
    }

    // MARK: - Ids and waiters

    /// Opens the slot for an awaited record before it is handed to librdkafka.
    func expect(_ id: UInt64) {
        state.withLock { $0.waiters[id] = .pending }
    }

    /// Forgets a slot whose record never reached librdkafka.
    func abandon(_ id: UInt64) {
        _ = state.withLock { $0.waiters.removeValue(forKey: id) }
    }

    /// Suspends until the report for `id` (opened with ``expect(_:)``) arrives.
    func report(for id: UInt64) async -> DeliveryReport {
        await withCheckedContinuation { continuation in
            let ready: DeliveryReport? = state.withLock { state in
                if case .done(let report)? = state.waiters[id] {
                    state.waiters[id] = nil
                    return report
                }
                state.waiters[id] = .waiting(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private func complete(_ id: UInt64, with report: DeliveryReport) {
        let continuation: CheckedContinuation<DeliveryReport, Never>? = state.withLock { state in
            switch state.waiters[id] {
            case .waiting(let continuation)?:
                state.waiters[id] = nil
                return continuation
            case .pending?:
                state.waiters[id] = .done(report)
                return nil
            case .done?, nil:
                return nil
            }
        }
        continuation?.resume(returning: report)
    }

    func close() { state.withLock { $0.closed = true } }

    func fail(_ error: KafkaError) {
        let (waiters, watchers) = state.withLock { state in
            if state.fatal == nil { state.fatal = error }
            defer { state.roomWaiters = []; state.fatalWatchers = [] }
            return (state.roomWaiters, state.fatalWatchers)
        }
        for waiter in waiters { waiter.resume() }
        for watcher in watchers { watcher() }
    }

    /// Calls `watcher` once a fatal error is raised (at once if one already was).
    func onFatal(_ watcher: @escaping @Sendable () -> Void) {
        let already = state.withLock { state in
            if state.fatal != nil { return true }
            state.fatalWatchers.append(watcher)
            return false
        }
        if already { watcher() }
    }

    var fatalError: KafkaError? { state.withLock { $0.fatal } }

    // MARK: - Room in the queue

    /// Waits for the next delivery report to free room, unless one already came after `generation`.
    func waitForRoom(after generation: UInt64) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state in
                if state.reportGeneration != generation || state.fatal != nil || state.closed { return true }
                state.roomWaiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }

    // MARK: - Topic handles

    /// The client handle's teardown, once no use is in flight: topic handles go before the client.
    func destroyTopics() {
        let handles = state.withLock { state in
            defer { state.topics = [:] }
            return Array(state.topics.values)
        }
        for handle in handles { rd_kafka_topic_destroy(handle.raw) }
    }

    // MARK: - Delivery reports (librdkafka callback threads)

    func deliver(_ message: UnsafePointer<rd_kafka_message_t>) {
        let rkmessage = message.pointee
        let id = UInt64(UInt(bitPattern: rkmessage._private))
        let topic: String = Self.topicName(rkmessage.rkt, state: state)
        let persistence: DeliveryReport.Persistence
        switch rd_kafka_message_status(message) {
        case RD_KAFKA_MSG_STATUS_PERSISTED: persistence = .persisted
        case RD_KAFKA_MSG_STATUS_NOT_PERSISTED: persistence = .notPersisted
        default: persistence = .possiblyPersisted
        }
        let error: KafkaError? = rkmessage.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : .rdkafka(rkmessage.err, "delivery to \(topic)")
        let report = DeliveryReport(
            id: id & ~Self.awaitedFlag, topic: topic, partition: rkmessage.partition,
            offset: rkmessage.offset >= 0 ? rkmessage.offset : nil, persistence: persistence, error: error)
        if id & Self.awaitedFlag != 0 {
            complete(id, with: report)
        } else {
            state.withLock { $0.served.append(report) }
        }
    }

    private static func topicName(_ rkt: OpaquePointer?, state: borrowing Mutex<State>) -> String {
        guard let rkt else { return "" }
        return state.withLock { $0.topicNames[UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(rkt)))] }
            ?? String(cString: rd_kafka_topic_name(rkt))
    }

    /// Called after each poll round that served reports: hands the round's reports to the reader
    /// in one go and wakes senders waiting for queue room.
    func reportsServed() {
        let (waiters, served) = state.withLock { state in
            state.reportGeneration &+= 1
            defer { state.roomWaiters = []; state.served = [] }
            return (state.roomWaiters, state.served)
        }
        if !served.isEmpty { _ = reportsSource.yield(contentsOf: served) }
        for waiter in waiters { waiter.resume() }
    }

    /// After the handle is gone no report can come: fail anyone still waiting and end the stream.
    func finish() {
        let (waiters, roomWaiters) = state.withLock { state in
            defer { state.waiters = [:]; state.roomWaiters = [] }
            return (state.waiters, state.roomWaiters)
        }
        for (id, waiter) in waiters {
            guard case .waiting(let continuation) = waiter else { continue }
            continuation.resume(returning: DeliveryReport(
                id: id & ~Self.awaitedFlag, topic: "", partition: -1, offset: nil, persistence: .possiblyPersisted,
                error: .closed("the producer was destroyed before this record's delivery report")))
        }
        for waiter in roomWaiters { waiter.resume() }
        let served = state.withLock { state in
            defer { state.served = [] }
            return state.served
        }
        if !served.isEmpty { _ = reportsSource.yield(contentsOf: served) }
        reportsSource.finish()
    }
}
