/// SplitMix64: a tiny deterministic generator, so shuffles and fault draws replay from a seed.
package struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator starting from `seed`.
    package init(seed: UInt64) { self.state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return StableHash.mix(state)
    }

    /// A double in [0, 1).
    package mutating func nextUnit() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// A unit draw from a single hash value, for decisions that must not depend on call order.
    package static func unit(from hash: UInt64) -> Double {
        Double(StableHash.mix(hash) >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }
}
