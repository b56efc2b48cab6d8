package import Providers

/// One cache entry a plan arranges: where its prefix ends (by chain hash), its size and TTL.
///
/// Recorded with a primer's plan so that, once the primer completes, every entry it wrote is
/// known warm by its chain hash, including a preamble that other buckets' requests share.
package struct PlannedBreakpoint: Sendable, Hashable, Codable {
    /// The chain hash of the prefix up to the breakpoint (``PrefixLink/hash``).
    package var hash: String
    /// Estimated tokens of the prefix up to the breakpoint.
    package var estimatedTokens: Int
    /// The breakpoint's TTL (informational on providers that take no marks).
    package var ttl: CacheMark
    /// Requests of this plan whose prefix runs through it.
    package var requestCount: Int

    /// A breakpoint as given.
    package init(hash: String, estimatedTokens: Int, ttl: CacheMark, requestCount: Int) {
        self.hash = hash
        self.estimatedTokens = estimatedTokens
        self.ttl = ttl
        self.requestCount = requestCount
    }

    private enum CodingKeys: String, CodingKey {
        case hash
        case estimatedTokens = "estimated_tokens"
        case ttl
        case requestCount = "request_count"
    }
}
