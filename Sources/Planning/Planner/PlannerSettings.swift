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
    /// The share of a Gemini request's shared prefix expected to be read from the IMPLICIT cache
    /// once the prefix has been sent (primed or warm). Google promises "no cost saving guarantee"
    /// for implicit caching, and whether it fires inside Gemini-API batches at all is unconfirmed
    /// (providers.md §3.5), while an explicit `cachedContents` entry is read by every request that
    /// names it. This is the prior; the accumulator replaces it with the share the ledger shows
    /// (``observedImplicitHitRatio(requests:hits:)``). The default, 0.9, follows Google's own
    /// statement for batches on Vertex ("the 90% cache hit discount takes precedence over the
    /// batch discount") and implicit caching being on by default for 2.5 models. Should the
    /// Developer API not fire it in batches, one primed fan-out of 60 misses brings the learnt
    /// share to 0.23 and explicit caches are chosen from the next group on; a lower prior instead
    /// pays storage on every cold start where implicit caching works.
    package var geminiImplicitHitRatio: Double
    /// A Gemini explicit cache lives ``expectedTurnaround`` times this factor (at least
    /// ``minimumExplicitCacheTTL``): a batch that reads it must not outlive it, storage is billed
    /// for the whole TTL up front, and a batch that runs longer gets its cache extended (billed).
    package var explicitCacheTTLFactor: Double
    /// Requests one OpenAI `prompt_cache_key` carries in a plan, its primer included. OpenAI asks
    /// to keep traffic per prefix and key to about 15 requests a minute, above which requests
    /// overflow to machines without the prefix (providers.md §2.5); a batch may run a plan's
    /// requests within one minute, so a plan holds to that per key.
    package var openAIRequestsPerKey: Int
    /// Requests expected to miss the cache when one OpenAI key's traffic overflows. The provider
    /// states no figure; the prior (4: a couple more machines, each cold for the requests that
    /// start before its first write is readable) is replaced by what the ledger shows
    /// (``observedOverflowMisses(keys:misses:)``). Opening another key costs one primer, so keys
    /// are added only while their primers cost less than this many misses per key.
    package var openAIOverflowMisses: Double

    /// providers.md §2.5: "gpt-4.1, gpt-5, gpt-5.1, gpt-5.2, gpt-5.4 and gpt-5.5".
    package static let defaultOpenAIExtendedRetentionFamilies = ["gpt-4.1", "gpt-5", "gpt-5.1", "gpt-5.2", "gpt-5.4", "gpt-5.5"]

    /// The shortest explicit cache TTL: submission, the provider's queue and the first poll take
    /// minutes even for a fast batch.
    package static let minimumExplicitCacheTTL: Duration = .seconds(600)

    /// Turnarounds above this get the 1-hour TTL (about 4 minutes: a 5-minute entry needs margin).
    package static let oneHourThreshold: Duration = .seconds(240)

    /// Settings as given.
    /// - Parameters:
    ///   - expectedTurnaround: the usual time a provider batch takes to complete.
    ///   - minimumLengthMargin: factor over the model's minimum cacheable length (default 1.15).
    ///   - primerMinimumGroup: smallest cold group that gets a primer (default 3).
    ///   - coldBatchHitRatio: expected cache hit share in a cold batch without a primer (default 0.3).
    ///   - openAIExtendedRetentionFamilies: OpenAI families sent `prompt_cache_retention: "24h"`.
    ///   - geminiImplicitHitRatio: expected implicit hit share of a sent Gemini prefix (default 0.9).
    ///   - explicitCacheTTLFactor: explicit cache TTL over the expected turnaround (default 1.5).
    ///   - openAIRequestsPerKey: requests per OpenAI `prompt_cache_key` in a plan (default 15).
    ///   - openAIOverflowMisses: expected misses of one overflowing OpenAI key (default 4).
    package init(
        expectedTurnaround: Duration,
        minimumLengthMargin: Double = 1.15,
        primerMinimumGroup: Int = 3,
        coldBatchHitRatio: Double = 0.3,
        openAIExtendedRetentionFamilies: [String] = PlannerSettings.defaultOpenAIExtendedRetentionFamilies,
        geminiImplicitHitRatio: Double = 0.9,
        explicitCacheTTLFactor: Double = 1.5,
        openAIRequestsPerKey: Int = 15,
        openAIOverflowMisses: Double = 4
    ) {
        self.expectedTurnaround = expectedTurnaround
        self.minimumLengthMargin = minimumLengthMargin
        self.primerMinimumGroup = primerMinimumGroup
        self.coldBatchHitRatio = coldBatchHitRatio
        self.openAIExtendedRetentionFamilies = openAIExtendedRetentionFamilies
        self.geminiImplicitHitRatio = min(max(geminiImplicitHitRatio, 0), 1)
        self.explicitCacheTTLFactor = explicitCacheTTLFactor
        self.openAIRequestsPerKey = max(openAIRequestsPerKey, 2)
        self.openAIOverflowMisses = max(openAIOverflowMisses, 0)
    }

    /// The implicit hit share to plan with once the provider's own usage shows how often primed
    /// requests actually read the cache: `hits` of `requests`, smoothed toward the configured
    /// prior ``geminiImplicitHitRatio`` as if it had been observed ``implicitHitPriorWeight``
    /// times, so a handful of requests moves it a little and hundreds decide it.
    package func observedImplicitHitRatio(requests: Int, hits: Int) -> Double {
        guard requests > 0 else { return geminiImplicitHitRatio }
        let weight = Self.implicitHitPriorWeight
        let clamped = Double(min(max(hits, 0), requests))
        return (clamped + geminiImplicitHitRatio * weight) / (Double(requests) + weight)
    }

    /// How many observations the prior implicit hit share counts for.
    package static let implicitHitPriorWeight: Double = 20

    /// The misses per overflowing OpenAI key to plan with, once fan-outs that overflowed `keys`
    /// keys showed `misses` requests reading nothing: smoothed toward the prior
    /// ``openAIOverflowMisses`` as if it had been seen on ``overflowPriorWeight`` keys.
    package func observedOverflowMisses(keys: Int, misses: Int) -> Double {
        guard keys > 0 else { return openAIOverflowMisses }
        let weight = Self.overflowPriorWeight
        return (Double(max(misses, 0)) + openAIOverflowMisses * weight) / (Double(keys) + weight)
    }

    /// How many overflowing keys the prior overflow misses count for.
    package static let overflowPriorWeight: Double = 3

    /// The TTL a Gemini explicit cache is created with, in whole seconds.
    package var explicitCacheTTLSeconds: Int {
        let factor = explicitCacheTTLFactor.isFinite && explicitCacheTTLFactor > 0 ? explicitCacheTTLFactor : 1.5
        let expected = Double(expectedTurnaround.components.seconds) * factor
        return max(Int(Self.minimumExplicitCacheTTL.components.seconds), Int(expected.rounded(.up)))
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
