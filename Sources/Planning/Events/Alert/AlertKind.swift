/// What an alert measures; it fixes the unit of `observed` and `threshold`.
package enum AlertKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Share (0 to 1) of requests finished in the window that did not succeed; alerts when above.
    case failureRate = "failure_rate"
    /// Age in seconds of a provider batch without a final status; alerts when above.
    case staleBatch = "stale_batch"
    /// Number of journaled requests not yet submitted; alerts when above.
    case backlog
    /// Cache hit ratio (0 to 1) over the window; alerts when below.
    case lowCacheHitRatio = "low_cache_hit_ratio"

    /// Whether `observed` and `threshold` are fractions between 0 and 1.
    package var isRatio: Bool { self == .failureRate || self == .lowCacheHitRatio }
}
