/// Where librdkafka's `murmur2` / `murmur2_random` partitioner (and Kafka's Java default) puts a
/// keyed record: `(murmur2(key) & 0x7fffffff) % partitions`. Used to check, before publishing, that
/// a workload stays under the embedded broker's 5 MiB-per-partition retention.
package enum KafkaKeyPartitioner {
    /// Kafka's murmur2 (seed `0x9747b28c`), the same function as librdkafka's `rd_murmur2`.
    package static func murmur2(_ key: some Collection<UInt8>) -> UInt32 {
        let m: UInt32 = 0x5BD1_E995
        let bytes = Array(key)
        var h: UInt32 = 0x9747_B28C ^ UInt32(truncatingIfNeeded: bytes.count)
        var index = 0
        while index + 4 <= bytes.count {
            var k = UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24
            k &*= m
            k ^= k >> 24
            k &*= m
            h &*= m
            h ^= k
            index += 4
        }
        let tail = bytes.count - index
        if tail == 3 { h ^= UInt32(bytes[index + 2]) << 16 }
        if tail >= 2 { h ^= UInt32(bytes[index + 1]) << 8 }
        if tail >= 1 {
            h ^= UInt32(bytes[index])
            h &*= m
        }
        h ^= h >> 13
        h &*= m
        h ^= h >> 15
        return h
    }

    /// The partition of a keyed record among `partitions`.
    package static func partition(key: some Collection<UInt8>, partitions: Int) -> Int {
        precondition(partitions > 0, "a topic has at least one partition")
        return Int(murmur2(key) & 0x7FFF_FFFF) % partitions
    }
}
