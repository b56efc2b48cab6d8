/// A 64-bit hash that is the same in every process and on every run (Swift's `Hasher` is seeded
/// per process), so cache keys, embeddings and fault decisions are reproducible from a seed.
package struct StableHash: Sendable, Hashable {
    /// The current state.
    package private(set) var value: UInt64

    /// A hash primed with `seed`.
    package init(seed: UInt64 = 0xCBF2_9CE4_8422_2325) { self.value = seed }

    /// Mixes in raw bytes (FNV-1a, then a final avalanche in `finalized`).
    package mutating func combine(bytes: some Sequence<UInt8>) {
        var hash = value
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        value = hash
    }

    /// Mixes in a string's UTF-8 bytes followed by a separator so "ab"+"c" differs from "a"+"bc".
    package mutating func combine(_ string: String) {
        combine(bytes: string.utf8)
        combine(bytes: CollectionOfOne(0xFF))
    }

    /// Mixes in a 64-bit word.
    package mutating func combine(_ word: UInt64) {
        value = Self.mix(value ^ (word &+ 0x9E37_79B9_7F4A_7C15))
    }

    /// The avalanche-mixed result.
    package var finalized: UInt64 { Self.mix(value) }

    /// SplitMix64's finalizer: spreads every input bit over the output.
    package static func mix(_ input: UInt64) -> UInt64 {
        var z = input
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Hash of one string.
    package static func of(_ string: String, seed: UInt64 = 0) -> UInt64 {
        var hash = StableHash()
        hash.combine(seed)
        hash.combine(string)
        return hash.finalized
    }

    /// Hash of several parts.
    package static func of(_ parts: [String], seed: UInt64 = 0) -> UInt64 {
        var hash = StableHash()
        hash.combine(seed)
        for part in parts { hash.combine(part) }
        return hash.finalized
    }
}
