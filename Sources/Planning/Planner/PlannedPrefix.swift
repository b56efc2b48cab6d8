package import Providers

/// The shared prefix a plan arranges to cache.
package struct PlannedPrefix: Sendable, Hashable, Codable {
    /// The bucket's prefix group (``BucketKey/prefixGroup``); also the OpenAI `prompt_cache_key`.
    package var hash: String
    /// Estimated tokens of the prefix (``TokenEstimator``).
    package var estimatedTokens: Int
    /// The TTL of the breakpoint placed (`.fiveMinutes` or `.oneHour`); informational on
    /// providers that take no marks.
    package var ttl: CacheMark
    /// How many requests of this plan share it, the primer included.
    package var requestCount: Int
    /// How long, in seconds, a write of this prefix may be counted warm once a primer has
    /// written it; `nil` for the provider's default (5 minutes, or 1 hour for an Anthropic
    /// 1-hour mark). Set for OpenAI extended retention.
    package var warmSeconds: Int?
    /// Every cache entry the plan arranges, shallowest first (a shared preamble, the bucket's
    /// prefix, split-off common parts of final blocks); `nil` in plans stored before they existed.
    package var breakpoints: [PlannedBreakpoint]?
    /// Set when the prefix goes in a Gemini explicit cache rather than relying on implicit
    /// caching (``BatchPlanner`` compares the two by expected cost).
    package var explicitCache: ExplicitCachePlan?

    /// A prefix as given.
    package init(
        hash: String, estimatedTokens: Int, ttl: CacheMark, requestCount: Int, warmSeconds: Int? = nil,
        breakpoints: [PlannedBreakpoint]? = nil, explicitCache: ExplicitCachePlan? = nil
    ) {
        self.breakpoints = breakpoints
        self.explicitCache = explicitCache
        self.hash = hash
        self.estimatedTokens = estimatedTokens
        self.ttl = ttl
        self.requestCount = requestCount
        self.warmSeconds = warmSeconds
    }

    private enum CodingKeys: String, CodingKey {
        case hash
        case estimatedTokens = "estimated_tokens"
        case ttl
        case requestCount = "request_count"
        case warmSeconds = "warm_seconds"
        case breakpoints
        case explicitCache = "explicit_cache"
    }
}
