import RawKafka

/// The C baseline consumer, called from async code: each call runs on a thread of its own.
struct RawConsumerClient: Sendable {
    private let handle: RawHandle

    static func make(
        bootstrapServers: String, groupID: String, topic: String, settings: ConsumerSettings
    ) async throws(BenchmarkFailure) -> RawConsumerClient {
        let result: Result<RawHandle, BenchmarkFailure> = await OffPool.run {
            var errstr = [CChar](repeating: 0, count: 512)
            guard
                let pointer = raw_consumer_new(
                    bootstrapServers, groupID, topic, Int32(settings.sessionTimeoutMilliseconds),
                    Int32(settings.heartbeatIntervalMilliseconds), Int32(settings.fetchWaitMaxMilliseconds),
                    &errstr, errstr.count)
            else {
                return .failure(BenchmarkFailure(errorBuffer: errstr))
            }
            return .success(RawHandle(pointer: pointer))
        }
        return RawConsumerClient(handle: try result.get())
    }

    /// Receives `count` records of `valueSize` bytes, storing each one's offset.
    /// - Throws: if fewer arrive within `timeoutMilliseconds`, or one is malformed.
    func consume(count: Int, valueSize: Int, timeoutMilliseconds: Int32) async throws(BenchmarkFailure) {
        let handle = self.handle
        let result: Result<Void, BenchmarkFailure> = await OffPool.run {
            var errstr = [CChar](repeating: 0, count: 512)
            let received = raw_consumer_consume(handle.pointer, Int64(count), valueSize, timeoutMilliseconds, &errstr, errstr.count)
            if received < 0 { return .failure(BenchmarkFailure(errorBuffer: errstr)) }
            if received != count {
                return .failure(BenchmarkFailure("raw consumer: \(received) of \(count) records within \(timeoutMilliseconds) ms"))
            }
            return .success(())
        }
        try result.get()
    }

    /// Leaves the group and destroys the consumer.
    func close() async {
        let handle = self.handle
        await OffPool.run { raw_consumer_close(handle.pointer) }
    }
}
