import RawKafka

/// One record size with its record count and topic layout; raw and wrapper runs of a size share it.
///
/// The embedded broker keeps at most 5 MiB per partition and silently drops older batches past
/// that, which would make a consume run wait for records that are gone. So the layout is checked
/// before anything is produced (``expectedCounts(records:)``) and the topic afterwards
/// (``verify(topic:bootstrapServers:expected:)``).
struct Workload: Sendable {
    /// The mock's per-partition retention in librdkafka 2.0.2 (`rdkafka_mock.c`, `max_size`).
    static let partitionCap = 5 * 1024 * 1024
    /// The most of the cap a partition may plan to use: the margin covers batch headers and the
    /// estimate below.
    static let plannedShareOfCap = 0.8
    /// Bytes a v2 record takes besides its key and value (length, attributes, timestamp and
    /// offset deltas, key and value lengths, header count: all varints, at most ~20).
    static let recordOverhead = 32

    let label: String
    let recordSize: Int
    let records: Int
    let partitions: Int32

    /// The partitions' record counts for records `0..<records` (keyed by index, placed by murmur2).
    /// - Throws: ``BenchmarkFailure`` if the busiest partition would hold more than
    ///   ``plannedShareOfCap`` of ``partitionCap``.
    func expectedCounts(records: Int) throws(BenchmarkFailure) -> [Int64] {
        var counts = [Int64](repeating: 0, count: Int(partitions))
        counts.withUnsafeMutableBufferPointer { buffer in
            raw_partition_counts(0, Int64(records), partitions, buffer.baseAddress)
        }
        let busiest = counts.max() ?? 0
        let bytes = Int(busiest) * (recordSize + Int(RAW_KEY_SIZE) + Self.recordOverhead)
        let limit = Int(Double(Self.partitionCap) * Self.plannedShareOfCap)
        guard bytes <= limit else {
            throw BenchmarkFailure(
                "\(label): the busiest of \(partitions) partitions would hold \(busiest) records (\(bytes) bytes), "
                    + "over \(limit) bytes of the mock's \(Self.partitionCap)-byte cap; add partitions")
        }
        return counts
    }

    /// Checks that every partition of `topic` holds exactly `expected` records from offset 0:
    /// nothing was dropped by the cap, and the wrapper placed each key where murmur2 says.
    func verify(topic: String, bootstrapServers: String, expected: [Int64]) async throws(BenchmarkFailure) {
        let partitions = self.partitions
        let result: Result<([Int64], [Int64]), BenchmarkFailure> = await OffPool.run {
            var low = [Int64](repeating: -1, count: Int(partitions))
            var high = [Int64](repeating: -1, count: Int(partitions))
            var errstr = [CChar](repeating: 0, count: 512)
            let status = low.withUnsafeMutableBufferPointer { low in
                high.withUnsafeMutableBufferPointer { high in
                    raw_watermarks(bootstrapServers, topic, partitions, low.baseAddress, high.baseAddress, &errstr, errstr.count)
                }
            }
            guard status == 0 else { return .failure(BenchmarkFailure(errorBuffer: errstr)) }
            return .success((low, high))
        }
        let (low, high) = try result.get()
        for partition in 0..<Int(partitions) where low[partition] != 0 || high[partition] != expected[partition] {
            throw BenchmarkFailure(
                "\(topic)[\(partition)] holds offsets \(low[partition])..<\(high[partition]); expected 0..<\(expected[partition])")
        }
    }

    /// The key of record `index`: its index, 8 bytes big-endian (as `raw_key` writes it).
    static func key(_ index: Int) -> [UInt8] {
        withUnsafeBytes(of: UInt64(index).bigEndian) { Array($0) }
    }

    /// The payload every record carries (the raw baseline fills its buffer the same way).
    func value() -> [UInt8] {
        (0..<recordSize).map { UInt8(ascii: "a") + UInt8($0 % 26) }
    }
}
