internal import CRdKafka
import Logging

/// What librdkafka's C callbacks find through the handle's opaque pointer.
///
/// Retained (unmanaged) for as long as the handle lives: its ``RdKafkaHandle`` releases it only
/// after `rd_kafka_destroy` returns, so no callback can ever see a dangling pointer.
final class ClientContext: Sendable {
    enum Role: Sendable {
        case producer(ProducerCore)
        case consumer(ConsumerCore)
        case broker
    }

    let logger: Logger
    let role: Role

    init(logger: Logger, role: Role) {
        self.logger = logger
        self.role = role
    }

    /// Registers the callbacks every handle has (logs and errors) and this context as the opaque.
    /// - Returns: the unmanaged reference to release after `rd_kafka_destroy`.
    func install(on conf: OpaquePointer) -> Unmanaged<ClientContext> {
        let unmanaged = Unmanaged.passRetained(self)
        rd_kafka_conf_set_opaque(conf, unmanaged.toOpaque())
        rd_kafka_conf_set_log_cb(conf) { rk, level, facility, message in
            guard let rk, let opaque = rd_kafka_opaque(rk) else { return }
            let context = Unmanaged<ClientContext>.fromOpaque(opaque).takeUnretainedValue()
            context.log(level: level, facility: facility, message: message)
        }
        rd_kafka_conf_set_error_cb(conf) { rk, err, reason, opaque in
            guard let rk, let opaque else { return }
            let context = Unmanaged<ClientContext>.fromOpaque(opaque).takeUnretainedValue()
            context.error(rk: rk, err: rd_kafka_resp_err_t(rawValue: err), reason: reason.map { String(cString: $0) } ?? "")
        }
        return unmanaged
    }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> ClientContext? {
        opaque.map { Unmanaged<ClientContext>.fromOpaque($0).takeUnretainedValue() }
    }

    private func log(level: Int32, facility: UnsafePointer<CChar>?, message: UnsafePointer<CChar>?) {
        let swiftLevel: Logger.Level
        switch level {
        case ...2: swiftLevel = .critical
        case 3: swiftLevel = .error
        case 4: swiftLevel = .warning
        case 5, 6: swiftLevel = .info
        default: swiftLevel = .debug
        }
        guard logger.logLevel <= swiftLevel else { return }
        let text = message.map { String(cString: $0) } ?? ""
        let facilityText = facility.map { String(cString: $0) } ?? ""
        logger.log(level: swiftLevel, "\(text)", metadata: ["rdkafka.facility": "\(facilityText)"])
    }

    private func error(rk: OpaquePointer, err: rd_kafka_resp_err_t, reason: String) {
        if err == RD_KAFKA_RESP_ERR__FATAL {
            var buffer = [CChar](repeating: 0, count: 512)
            let original = rd_kafka_fatal_error(rk, &buffer, buffer.count)
            let text = String(errorBuffer: buffer)
            let fatal = KafkaError.fatal(original, message: text.isEmpty ? reason : text)
            logger.critical("librdkafka fatal error; the client must be recreated", metadata: ["error": "\(fatal)"])
            switch role {
            case .producer(let core): core.fail(fatal)
            case .consumer(let core): core.fail(fatal)
            case .broker: break
            }
            return
        }
        // Transient conditions (a broker down, all brokers down) that librdkafka recovers from itself.
        let level: Logger.Level = err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN ? .warning : .info
        logger.log(level: level, "librdkafka: \(reason)", metadata: ["error": "\(String(cString: rd_kafka_err2name(err)))"])
    }
}
