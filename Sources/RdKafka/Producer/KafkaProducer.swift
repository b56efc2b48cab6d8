internal import CRdKafka
public import Logging
public import ServiceLifecycle

/// Publishes records through librdkafka: idempotent by default, one delivery report per record.
///
/// Two ways to send: ``send(_:)`` suspends until the record's delivery report and throws if it was
/// not delivered; ``enqueue(_:)`` returns an id at once and the report arrives on
/// ``deliveryReports``, for pipelines that keep many records in flight. Either way a full queue
/// makes the caller wait for reports rather than fail, bounding what is in flight.
///
/// As a `Service`, ``run()`` holds the producer open until graceful shutdown, then flushes within
/// ``KafkaProducerConfiguration/flushTimeout`` and closes; it throws if librdkafka raised a fatal error.
///
/// - Important: librdkafka is polled on a thread of the producer's own; nothing here blocks the
///   cooperative pool.
public final class KafkaProducer: Service, Sendable {
    private let handle: RdKafkaHandle
    var handleForTesting: RdKafkaHandle { handle }
    private let core: ProducerCore
    private let pollThread: PollThread
    private let blocking: BlockingCalls
    private let configuration: KafkaProducerConfiguration
    private let logger: Logger

    /// Creates the producer and starts its poll thread.
    /// - Throws: ``KafkaError`` with ``KafkaError/isConfiguration`` when librdkafka rejects a property.
    public init(configuration: KafkaProducerConfiguration, logger: Logger) throws(KafkaError) {
        let core = ProducerCore()
        guard configuration.flushTimeout >= .zero else { throw .configuration("flushTimeout must not be negative") }
        let handle = try RdKafkaConfig.client(
            RD_KAFKA_PRODUCER, properties: configuration.librdkafkaProperties,
            context: ClientContext(logger: logger, role: .producer(core)), name: "the producer",
            configure: { conf in
                rd_kafka_conf_set_dr_msg_cb(conf) { _, message, opaque in
                    guard let message, case .producer(let core)? = ClientContext.from(opaque)?.role else { return }
                    core.deliver(message)
                }
            },
            teardown: { rk in
                core.destroyTopics()
                rd_kafka_destroy(rk)
            })
        self.handle = handle
        self.core = core
        self.configuration = configuration
        self.logger = logger
        self.blocking = BlockingCalls(label: "sluice.kafka.producer.blocking")
        self.pollThread = PollThread(name: "rdkafka-producer") { thread in
            // One use for the thread's life; the handle is freed after it, once calls in flight
            // (an enqueue, a flush) have returned.
            _ = try? handle.withPointer { rk in
                while !thread.isStopRequested {
                    if rd_kafka_poll(rk, 100) > 0 { core.reportsServed() }
                }
                // Anything still queued now will never be delivered: say so, through its report.
                rd_kafka_purge(rk, Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT))
                rd_kafka_poll(rk, 0)
            }
            handle.destroy()
            core.finish()
        }
    }

    deinit {
        pollThread.requestStop()
    }

    /// Reports for records sent with ``enqueue(_:)``, in the order librdkafka serves them.
    ///
    /// - Important: iterate this if you use ``enqueue(_:)``: reports are buffered until read. It
    ///   finishes once the producer is closed.
    public var deliveryReports: DeliveryReports { core.reports }

    /// The fatal error librdkafka raised, if any; the producer then refuses new records.
    public var fatalError: KafkaError? { core.fatalError }

    /// Sends one record and waits for its delivery report.
    /// - Returns: the report of a delivered record.
    /// - Throws: the report's ``KafkaError`` if the record was not delivered, or a fatal/closed error.
    @discardableResult
    public func send(_ message: KafkaProducerMessage) async throws(KafkaError) -> DeliveryReport {
        let id = try await produce(message, awaited: true)
        let report = await core.report(for: id)
        if let error = report.error { throw error }
        return report
    }

    /// Hands one record to librdkafka and returns its id; its report comes on ``deliveryReports``.
    ///
    /// Suspends while librdkafka's queue is full (``KafkaProducerConfiguration/maxInFlightMessages``).
    /// - Throws: a fatal or closed error, or a non-retriable enqueue error (e.g. a record too large).
    public func enqueue(_ message: KafkaProducerMessage) async throws(KafkaError) -> UInt64 {
        try await produce(message, awaited: false)
    }

    /// - Returns: the record's id (with ``ProducerCore/awaitedFlag`` when a sender awaits its report).
    /// Each attempt is one use of the handle; the wait for queue room between attempts holds none,
    /// so a shutdown is never held up by a sender.
    private func produce(_ message: KafkaProducerMessage, awaited: Bool) async throws(KafkaError) -> UInt64 {
        var id: UInt64?
        while true {
            let attempt: (err: rd_kafka_resp_err_t, generation: UInt64)
            do {
                attempt = try handle.withPointer { rk throws(KafkaError) in
                    let (next, generation, rkt) = try core.prepare(topic: message.topic, awaited: awaited, rk: rk)
                    if id == nil {
                        id = next
                        if awaited { core.expect(next) }
                    }
                    return (produceOnce(message, id: id ?? next, rk: rk, rkt: rkt), generation)
                }
            } catch {
                if awaited, let id { core.abandon(id) }
                throw error
            }
            guard let id else { preconditionFailure("an attempt that did not throw assigned an id") }
            if attempt.err == RD_KAFKA_RESP_ERR_NO_ERROR { return id }
            guard attempt.err == RD_KAFKA_RESP_ERR__QUEUE_FULL else {
                if awaited { core.abandon(id) }
                throw .rdkafka(attempt.err, "enqueue to \(message.topic)")
            }
            await core.waitForRoom(after: attempt.generation)
        }
    }

    private func produceOnce(
        _ message: KafkaProducerMessage, id: UInt64, rk: OpaquePointer, rkt: OpaquePointer
    ) -> rd_kafka_resp_err_t {
        var headers: OpaquePointer?
        if !message.headers.isEmpty {
            let list = rd_kafka_headers_new(message.headers.count)
            for header in message.headers {
                if let value = header.value {
                    _ = value.withUnsafeBytes { rd_kafka_header_add(list, header.name, -1, $0.baseAddress, $0.count) }
                } else {
                    rd_kafka_header_add(list, header.name, -1, nil, 0)
                }
            }
            headers = list
        }
        let opaque = UnsafeMutableRawPointer(bitPattern: UInt(id))
        let partition = message.partition ?? RD_KAFKA_PARTITION_UA
        let err = message.value.withUnsafeBytes { value in
            if let key = message.key {
                return key.withUnsafeBytes { key in
                    sluice_produce(rk, rkt, partition, key.baseAddress, key.count, value.baseAddress, value.count, headers, opaque)
                }
            }
            return sluice_produce(rk, rkt, partition, nil, 0, value.baseAddress, value.count, headers, opaque)
        }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR, let headers { rd_kafka_headers_destroy(headers) }
        return err
    }

    /// Waits until every record handed over so far has its delivery report.
    /// - Throws: a retriable timeout error if records remain after `timeout`, or a closed error
    ///   once the producer is shut down.
    public func flush(timeout: Duration) async throws(KafkaError) {
        let handle = self.handle
        let milliseconds = timeout.milliseconds
        try await blocking.run { () throws(KafkaError) in
            let remaining = try handle.withPointer { rk -> Int32? in
                rd_kafka_flush(rk, milliseconds) == RD_KAFKA_RESP_ERR__TIMED_OUT ? rd_kafka_outq_len(rk) : nil
            }
            if let remaining { throw .timeout("\(remaining) records still undelivered after flush") }
        }
    }

    /// Stops taking records, flushes within ``KafkaProducerConfiguration/flushTimeout``, and
    /// destroys the handle. Records still undelivered then get a failed report. Safe to call more
    /// than once; afterwards sends and flushes throw a closed error.
    ///
    /// Returns within the flush timeout plus a grace of 10 s for freeing the client, even if
    /// librdkafka hangs (it then goes on freeing it on the poll thread).
    public func shutdown() async {
        core.close()
        if !handle.isDestroyed {
            do {
                try await flush(timeout: configuration.flushTimeout)
            } catch {
                logger.warning("producer closed with undelivered records", metadata: ["error": "\(error)"])
            }
        }
        pollThread.requestStop()
        if await !pollThread.join(timeout: PollThread.teardownGrace) {
            logger.error("producer shutdown did not finish in time; the client is left to its thread")
        }
    }

    /// Runs until graceful shutdown (or a fatal error), then flushes and closes.
    /// - Throws: the fatal ``KafkaError`` if librdkafka raised one.
    public func run() async throws {
        await waitForShutdownOrFatal(core.onFatal)
        await shutdown()
        if let fatal = core.fatalError { throw fatal }
    }
}
