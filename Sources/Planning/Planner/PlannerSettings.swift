package import Providers

/// How the planner weighs caching against plain batching.
package struct PlannerSettings: Sendable, Hashable {
    /// How long a provider batch is expected to take. Above ``oneHourThreshold`` the prefix gets
    /// the 1-hour TTL: a 5-minute entry written by a primer would expire before a batch that slow
    /// reads it (Anthropic: "batches can take longer than 5 minutes", providers.md §1.5). This is
    /// the TTL for readers within the plan (primer → fan-out); a prefix that requests outside the
    /// plan read later (another bucket's, a later flush) gets the 1-hour TTL whatever this is.
    package var expectedTurnaround: Duration
    /// Estimated prefix tokens must reach the model's minimum cacheable length times this factor,
    /// because the estimate is rough and a prefix under the real minimum silently does not cache
    /// (while a primer would still make the rest wait). Applies where a cache write costs more
    /// than input; elsewhere a miss costs only the wait, and the minimum itself is the bar.
    package var minimumLengthMargin: Double
    /// A cold prefix shared by at least this many requests gets a primer first: one request is
    /// sent alone to write the prefix, and the rest wait for it so that all of them read it.
    package var primerMinimumGroup: Int
    /// The share of requests after the first expected to hit the cache when a cold group goes out
    /// without a primer. Requests of one batch run concurrently and "a cache entry only becomes
    /// available after the first response begins"; Anthropic reports 30–98 % hit rates in
    /// batches, so the default takes the low end and marks a cold small group only when caching
    /// still pays at that rate.
    package var coldBatchHitRatio: Double
    /// OpenAI models that accept `prompt_cache_retention: "24h"` (each matches its own id and its
    /// dated snapshots, `gpt-5-2025-08-07`, never a sibling such as `gpt-5-mini`: a model the
    /// provider does not list may refuse the field, which would fail the whole request). In-memory retention lasts "5 to 10 minutes of inactivity",
    /// shorter than the gap between a primer and the fan-out it warms or between two batches of
    /// one prefix; extended retention costs nothing extra before GPT-5.6 (providers.md §2.5, whose
    /// list of models is marked UNCONFIRMED, hence a setting).
    package var openAIExtendedRetentionFamilies: [String]

    /// providers.md §2.5: "gpt-4.1, gpt-5, gpt-5.1, gpt-5.2, gpt-5.4 and gpt-5.5".
    package static let defaultOpenAIExtendedRetentionFamilies = ["gpt-4.1", "gpt-5", "gpt-5.1", "gpt-5.2", "gpt-5.4", "gpt-5.5"]

    /// Turnarounds above this get the 1-hour TTL (about 4 minutes: a 5-minute entry needs margin).
    package static let oneHourThreshold: Duration = .seconds(240)

    /// Settings as given.
    /// - Parameters:
    ///   - expectedTurnaround: the usual time a provider batch takes to complete.
    ///   - minimumLengthMargin: factor over the model's minimum cacheable length (default 1.15).
    ///   - primerMinimumGroup: smallest cold group that gets a primer (default 3).
    ///   - coldBatchHitRatio: expected cache hit share in a cold batch without a primer (default 0.3).
    ///   - openAIExtendedRetentionFamilies: OpenAI families sent `prompt_cache_retention: "24h"`.
    package init(
        expectedTurnaround: Duration,
        minimumLengthMargin: Double = 1.15,
        primerMinimumGroup: Int = 3,
        coldBatchHitRatio: Double = 0.3,
        openAIExtendedRetentionFamilies: [String] = PlannerSettings.defaultOpenAIExtendedRetentionFamilies
    ) {
        self.expectedTurnaround = expectedTurnaround
        self.minimumLengthMargin = minimumLengthMargin
        self.primerMinimumGroup = primerMinimumGroup
        self.coldBatchHitRatio = coldBatchHitRatio
        self.openAIExtendedRetentionFamilies = openAIExtendedRetentionFamilies
    }

    /// Whether `model` takes OpenAI's 24-hour prompt cache retention.
    package func hasExtendedRetention(openAIModel model: String) -> Bool {
        openAIExtendedRetentionFamilies.contains { listed in
            guard model != listed else { return true }
            guard model.hasPrefix(listed + "-") else { return false }
            return model.dropFirst(listed.count + 1).first?.isNumber == true
        }
    }

    /// The TTL a prefix written now must have to still be there when the batch reads it.
    package var ttl: CacheMark {
        expectedTurnaround > Self.oneHourThreshold ? .oneHour : .fiveMinutes
    }
}
