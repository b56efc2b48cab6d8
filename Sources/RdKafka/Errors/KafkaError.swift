internal import CRdKafka

/// An error from the Kafka layer: configuration, librdkafka, or this wrapper's own lifecycle.
///
/// A struct with a private code, so new cases never break callers. Callers decide what to do
/// from ``isRetriable`` (try again later, nothing was lost) and ``isFatal`` (the client instance
/// is unusable and must be recreated).
public struct KafkaError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case configuration
        case librdkafka(Int32)
        case fatal(Int32)
        case closed
        case timeout
        case topicsFile
    }

    private let code: Code
    /// A human-readable message: librdkafka's own text where it gave one.
    public let message: String
    /// Where the error was raised in this package.
    public let file: String
    /// Where the error was raised in this package.
    public let line: UInt

    private init(_ code: Code, _ message: String, file: String, line: UInt) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    /// librdkafka's symbolic error name (for example `_MSG_TIMED_OUT` or `NOT_ENOUGH_REPLICAS`),
    /// if the error came from librdkafka.
    public var name: String? {
        switch code {
        case .librdkafka(let raw), .fatal(let raw):
            return String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(rawValue: raw)))
        default:
            return nil
        }
    }

    /// librdkafka's numeric error code, if the error came from librdkafka.
    public var rawCode: Int32? {
        switch code {
        case .librdkafka(let raw), .fatal(let raw): return raw
        default: return nil
        }
    }

    /// The client can no longer be used: recreate it (and re-send anything not yet acknowledged).
    public var isFatal: Bool {
        if case .fatal = code { return true }
        return false
    }

    /// Trying the same operation again later may succeed; nothing was lost by this failure.
    public var isRetriable: Bool {
        switch code {
        case .librdkafka(let raw):
            return Self.retriableCodes.contains(rd_kafka_resp_err_t(rawValue: raw))
        case .timeout:
            return true
        case .configuration, .fatal, .closed, .topicsFile:
            return false
        }
    }

    /// The client was already closed (or shut down) when the call was made: nothing was done.
    public var isClosed: Bool { code == .closed }

    /// The configuration was rejected (an unknown property, a bad value, or a conflict).
    public var isConfiguration: Bool { code == .configuration }

    public var description: String {
        let kind: String
        switch code {
        case .configuration: kind = "configuration"
        case .librdkafka: kind = name ?? "librdkafka"
        case .fatal: kind = "fatal \(name ?? "")"
        case .closed: kind = "closed"
        case .timeout: kind = "timeout"
        case .topicsFile: kind = "topics file"
        }
        return "KafkaError(\(kind)): \(message)"
    }

    private static let retriableCodes: Set<rd_kafka_resp_err_t> = [
        RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT,
        RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__WAIT_COORD,
        RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND, RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE,
        RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
        RD_KAFKA_RESP_ERR_NOT_COORDINATOR, RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS,
        RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS, RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION,
        RD_KAFKA_RESP_ERR__PURGE_QUEUE, RD_KAFKA_RESP_ERR__PURGE_INFLIGHT,
    ]
}

// MARK: - Factories

extension KafkaError {
    static func configuration(_ message: String, file: String = #fileID, line: UInt = #line) -> Self {
        Self(.configuration, message, file: file, line: line)
    }

    static func rdkafka(
        _ err: rd_kafka_resp_err_t, _ context: String? = nil, file: String = #fileID, line: UInt = #line
    ) -> Self {
        let text = String(cString: rd_kafka_err2str(err))
        return Self(.librdkafka(err.rawValue), context.map { "\($0): \(text)" } ?? text, file: file, line: line)
    }

    static func rdkafka(
        _ err: rd_kafka_resp_err_t, message: String, file: String = #fileID, line: UInt = #line
    ) -> Self {
        Self(.librdkafka(err.rawValue), message, file: file, line: line)
    }

    static func fatal(
        _ err: rd_kafka_resp_err_t, message: String, file: String = #fileID, line: UInt = #line
    ) -> Self {
        Self(.fatal(err.rawValue), message, file: file, line: line)
    }

    static func closed(_ message: String, file: String = #fileID, line: UInt = #line) -> Self {
        Self(.closed, message, file: file, line: line)
    }

    static func timeout(_ message: String, file: String = #fileID, line: UInt = #line) -> Self {
        Self(.timeout, message, file: file, line: line)
    }

    static func topicsFile(_ message: String, file: String = #fileID, line: UInt = #line) -> Self {
        Self(.topicsFile, message, file: file, line: line)
    }

    /// Takes ownership of an `rd_kafka_error_t` (from the newer error-object APIs) and destroys it.
    static func consuming(_ error: OpaquePointer, file: String = #fileID, line: UInt = #line) -> Self {
        defer { rd_kafka_error_destroy(error) }
        let code = rd_kafka_error_code(error)
        let text = String(cString: rd_kafka_error_string(error))
        if rd_kafka_error_is_fatal(error) != 0 {
            return .fatal(code, message: text, file: file, line: line)
        }
        return .rdkafka(code, message: text, file: file, line: line)
    }
}

extension rd_kafka_resp_err_t: @retroactive Hashable {}
