internal import CRdKafka

/// Builds an `rd_kafka_conf_t` from a property list, reporting the first property librdkafka
/// rejects by name, so a bad setting is an error that says what to fix, never a crash.
enum RdKafkaConfig {
    /// - Returns: a new `rd_kafka_conf_t` the caller owns (hand it to `rd_kafka_new` or destroy it).
    static func make(_ properties: [(String, String)]) throws(KafkaError) -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else {
            throw .configuration("rd_kafka_conf_new failed")
        }
        var errstr = [CChar](repeating: 0, count: 512)
        for (key, value) in properties {
            let result = rd_kafka_conf_set(conf, key, value, &errstr, errstr.count)
            if result != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                let reason = String(errorBuffer: errstr)
                throw .configuration("property \(key)=\(Self.redacted(key, value)): \(reason)")
            }
        }
        return conf
    }

    /// Creates the client handle. `rd_kafka_new` takes `conf` only on success, so this destroys
    /// it on failure and the caller never has to.
    static func newClient(
        _ type: rd_kafka_type_t, conf: OpaquePointer
    ) throws(KafkaError) -> OpaquePointer {
        var errstr = [CChar](repeating: 0, count: 512)
        guard let rk = rd_kafka_new(type, conf, &errstr, errstr.count) else {
            rd_kafka_conf_destroy(conf)
            let reason = String(errorBuffer: errstr)
            throw .configuration(reason)
        }
        return rk
    }

    /// Creates a client handle of `type` with `context` as its opaque (logs and errors routed to it)
    /// and `configure` applied to the conf first (role-specific callbacks).
    /// - Parameters:
    ///   - name: names the client in the error a use after destroy throws.
    ///   - teardown: frees the handle and what hangs off it (topic handles first); the context is
    ///     released after it, once no callback can run. Default `rd_kafka_destroy`.
    /// - Returns: the handle's one owner.
    static func client(
        _ type: rd_kafka_type_t, properties: [(String, String)], context: ClientContext, name: String,
        configure: (OpaquePointer) -> Void = { _ in },
        teardown: @escaping @Sendable (OpaquePointer) -> Void = { rd_kafka_destroy($0) }
    ) throws(KafkaError) -> RdKafkaHandle {
        let conf = try make(properties)
        let unmanaged = context.install(on: conf)
        configure(conf)
        let rk: OpaquePointer
        do {
            rk = try newClient(type, conf: conf)
        } catch {
            unmanaged.release()
            throw error
        }
        return RdKafkaHandle(rk, name: name) { rk in
            teardown(rk)
            unmanaged.release()
        }
    }

    /// Secrets must never reach an error message or a log line.
    static func redacted(_ key: String, _ value: String) -> String {
        let lowered = key.lowercased()
        if lowered.contains("password") || lowered.contains("secret") || lowered.contains("key")
            || lowered.contains("token") || lowered.contains("jaas")
        {
            return "<redacted>"
        }
        return value
    }
}
