/// What the planner knows about prefixes beyond the requests it plans: which are warm at the
/// provider now, and which other pending work shares them.
///
/// A bucket is one prefix group, but a preamble (a company-wide system block) can be shared by
/// many groups. Knowing that another bucket already wrote it lets this one read it rather than
/// write it again; knowing that other buckets will read it later is what justifies a breakpoint
/// at its end, with a TTL long enough for them.
package struct PrefixWarmth: Sendable, Hashable {
    /// Chain hashes (``PrefixLink/hash``; a bucket's prefix group is one) written and not expired.
    package var warm: Set<String>
    /// Every prefix of the bucket counts as warm (a primer just completed for it, or the caller
    /// has no finer state).
    package var everything: Bool
    /// For a chain hash, how many requests outside this plan (other buckets of the same model,
    /// or this bucket's requests left for a later flush) are expected to read it later.
    package var laterReaders: [String: Int]
    /// Requests per OpenAI `prompt_cache_key` that batches still running (or ended within the
    /// provider's one-minute routing window) send: room a fan-out cannot also use on that key.
    package var keyLoad: [String: Int]

    /// A state as given.
    package init(
        warm: Set<String> = [], everything: Bool = false, laterReaders: [String: Int] = [:], keyLoad: [String: Int] = [:]
    ) {
        self.warm = warm
        self.everything = everything
        self.laterReaders = laterReaders
        self.keyLoad = keyLoad
    }

    /// Nothing warm, nobody else reading.
    package static let cold = PrefixWarmth()
    /// Everything warm.
    package static let allWarm = PrefixWarmth(everything: true)

    /// Whether the prefix named `hash` can be read now.
    package func isWarm(_ hash: String) -> Bool { everything || warm.contains(hash) }
}
