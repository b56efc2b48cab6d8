import RawKafka

/// The C baseline producer, called from async code: each call runs on a thread of its own.
struct RawProducerClient: Sendable {
    private let handle: RawHandle

    static func make(bootstrapServers: String) async throws(BenchmarkFailure) -> RawProducerClient {
        let result: Result<RawHandle, BenchmarkFailure> = await OffPool.run {
            var errstr = [CChar](repeating: 0, count: 512)
            guard let pointer = raw_producer_new(bootstrapServers, &errstr, errstr.count) else {
                return .failure(BenchmarkFailure(errorBuffer: errstr))
            }
            return .success(RawHandle(pointer: pointer))
        }
        return RawProducerClient(handle: try result.get())
    }

    /// Produces records `first..<first + count` and waits for all their delivery reports.
    /// - Throws: if any record was not delivered within `timeoutMilliseconds`.
    func produce(
        topic: String, first: Int, count: Int, valueSize: Int, timeoutMilliseconds: Int32 = 120_000
    ) async throws(BenchmarkFailure) {
        let handle = self.handle
        let result: Result<Void, BenchmarkFailure> = await OffPool.run {
            var errstr = [CChar](repeating: 0, count: 512)
            var failed: Int64 = 0
            let delivered = raw_producer_produce(
                handle.pointer, topic, Int64(first), Int64(count), valueSize, timeoutMilliseconds, &failed, &errstr, errstr.count)
            if delivered < 0 { return .failure(BenchmarkFailure(errorBuffer: errstr)) }
            if delivered != count {
                return .failure(BenchmarkFailure("raw producer: \(delivered) of \(count) delivered, \(failed) failed"))
            }
            return .success(())
        }
        try result.get()
    }

    /// Flushes and destroys the producer.
    func destroy() async {
        let handle = self.handle
        await OffPool.run { raw_producer_destroy(handle.pointer, 30_000) }
    }
}
