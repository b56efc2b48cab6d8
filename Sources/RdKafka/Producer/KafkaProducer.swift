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
    private let handle: SendableHandle
    var handleForTesting: SendableHandle { handle }
    private let core: ProducerCore
    private let pollThread: PollThread
    private let blocking: BlockingCalls
    private let configuration: KafkaProducerConfiguration
    private let logger: Logger

    /// Creates the producer and starts its poll thread.
    /// - Throws: ``KafkaError`` with ``KafkaError/isConfiguration`` when librdkafka rejects a property.
    public init(configuration: KafkaProducerConfiguration, logger: Logger) throws(KafkaError) {
        let core = ProducerCore()
        let (handle, unmanaged) = try RdKafkaConfig.client(
            RD_KAFKA_PRODUCER, properties: configuration.librdkafkaProperties,
            context: ClientContext(logger: logger, role: .producer(core))
        ) { conf in
            rd_kafka_conf_set_dr_msg_cb(conf) { _, message, opaque in
                guard let message, case .producer(let core)? = ClientContext.from(opaque)?.role else { return }
                core.deliver(message)
            }
        }
        self.handle = handle
        self.core = core
        self.configuration = configuration
        self.logger = logger
        self.blocking = BlockingCalls(label: "sluice.kafka.producer.blocking")
        self.pollThread = PollThread(name: "rdkafka-producer") { thread in
            while !thread.isStopRequested {
                if rd_kafka_poll(handle.pointer, 100) > 0 { core.reportsServed() }
            }
            // Anything still queued now will never be delivered: say so, through its report.
            rd_kafka_purge(handle.pointer, Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT))
            rd_kafka_poll(handle.pointer, 0)
            core.destroyTopics()
            rd_kafka_destroy(handle.pointer)
            unmanaged.release()
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
    private func produce(_ message: KafkaProducerMessage, awaited: Bool) async throws(KafkaError) -> UInt64 {
        var (id, generation, rkt) = try core.prepare(topic: message.topic, awaited: awaited, rk: handle.pointer)
        if awaited { core.expect(id) }
        while true {
            let err = produceOnce(message, id: id, rkt: rkt)
            if err == RD_KAFKA_RESP_ERR_NO_ERROR { return id }
            guard err == RD_KAFKA_RESP_ERR__QUEUE_FULL else {
                if awaited { core.abandon(id) }
                throw .rdkafka(err, "enqueue to \(message.topic)")
            }
            await core.waitForRoom(after: generation)
            do {
                (_, generation, rkt) = try core.prepare(topic: message.topic, awaited: awaited, rk: handle.pointer)
            } catch {
                if awaited { core.abandon(id) }
                throw error
            }
        }
    }

    private func produceOnce(_ message: KafkaProducerMessage, id: UInt64, rkt: OpaquePointer) -> rd_kafka_resp_err_t {
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
                    sluice_produce(handle.pointer, rkt, partition, key.baseAddress, key.count, value.baseAddress, value.count, headers, opaque)
                }
            }
            return sluice_produce(handle.pointer, rkt, partition, nil, 0, value.baseAddress, value.count, headers, opaque)
        }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR, let headers { rd_kafka_headers_destroy(headers) }
        return err
    }

    /// Waits until every record handed over so far has its delivery report.
    /// - Throws: a retriable timeout error if records remain after `timeout`.
    public func flush(timeout: Duration) async throws(KafkaError) {
        let handle = self.handle
        let milliseconds = timeout.milliseconds
        try await blocking.run { () throws(KafkaError) in
            let err = rd_kafka_flush(handle.pointer, milliseconds)
            if err == RD_KAFKA_RESP_ERR__TIMED_OUT {
                throw .timeout("\(rd_kafka_outq_len(handle.pointer)) records still undelivered after flush")
            }
        }
    }

    /// Stops taking records, flushes within the configured timeout, and destroys the handle.
    /// Records still undelivered then get a failed report. Safe to call more than once.
    public func shutdown() async {
        core.close()
        do {
            try await flush(timeout: configuration.flushTimeout)
        } catch {
            logger.warning("producer closed with undelivered records", metadata: ["error": "\(error)"])
        }
        pollThread.requestStop()
        await pollThread.join()
    }

    /// Runs until graceful shutdown (or a fatal error), then flushes and closes.
    /// - Throws: the fatal ``KafkaError`` if librdkafka raised one.
    public func run() async throws {
        await waitForShutdownOrFatal(core.onFatal)
        await shutdown()
        if let fatal = core.fatalError { throw fatal }
    }
}
