package import Providers

/// Plans one accumulator bucket: which prefix to cache, where the breakpoints go, with which TTL,
/// in which order, and whether a primer goes first. Pure: no I/O, no clock.
///
/// Within a bucket every request shares its prefix (tools, system, every block but the last of the
/// last message). Prefix analysis (`Prefix/`) turns that into a small trie: each block boundary of
/// the shared part, and the common leading part of final blocks that share one (instructions and
/// document sent as one block are split into [common][rest]). The planner caches a node only
/// where the provider's published prices make its expected reads outweigh its write premium
/// (``CacheEconomics``), counting readers outside the plan (other buckets sharing a preamble,
/// later flushes: ``PrefixWarmth``), and where the estimate clears the model's minimum cacheable
/// length with margin. Per provider:
/// - Anthropic: up to 4 breakpoints (a shared preamble, the bucket's prefix, a split-off common
///   part), each with the TTL its readers need (1 hour when they come later than this plan's
///   fan-out); producer hints kept under the limit of 4.
/// - OpenAI: automatic prefix caching; no marks, `prompt_cache_key` = the prefix hash so the
///   bucket is routed to the same cache machines, and 24-hour retention where the model takes it
///   so the prefix outlives the wait between a primer and its fan-out, and between batches.
/// - Gemini: implicit caching (no marks, requests ordered by prefix), or an explicit
///   `cachedContents` entry where its storage costs less than implicit caching is expected to
///   lose (``BatchPlanner/geminiExplicitCache(_:bucket:decision:warm:)``); the submitter creates it.
/// - Embeddings: never cached, never primed.
///
/// A cold prefix shared by enough requests gets a primer (one per cold sub-group): a request alone, whose
/// completion writes the prefix, so the fan-out that follows reads it rather than racing to write
/// it (Anthropic: "a cache entry only becomes available after the first response begins").
package struct BatchPlanner: Sendable {
    /// Prices and per-model minimum cacheable lengths.
    package var priceBook: PriceBook
    /// Turnaround, margins and the primer threshold.
    package var settings: PlannerSettings
    /// How prefix tokens are estimated.
    package var estimator: TokenEstimator

    /// The minimum cacheable length assumed when the price book does not list one.
    package static let defaultMinCacheableTokens = 1_024

    /// A planner.
    /// - Parameters:
    ///   - priceBook: prices and model facts.
    ///   - settings: planning settings.
    ///   - estimator: the prefix token estimator (the renderer's 4-characters rule by default).
    package init(priceBook: PriceBook, settings: PlannerSettings, estimator: TokenEstimator = .standard) {
        self.priceBook = priceBook
        self.settings = settings
        self.estimator = estimator
    }

    /// Plans the pending requests of one bucket, with the bucket's prefix warm or cold as a whole.
    ///
    /// - Parameters:
    ///   - inputs: the bucket's pending requests, in journal order.
    ///   - bucket: the bucket; its provider decides the cache mechanism.
    ///   - prefixWarm: the tracked provider cache state says this prefix was written and has not
    ///     expired, so every request can read it and no primer is needed.
    /// - Important: once a primer completes, plan the rest with `prefixWarm: true` even if its
    ///   usage shows no cache write (a prefix under the provider's real minimum): planning them
    ///   cold again would prime one more request per round instead of sending the bucket.
    /// - Returns: see ``plan(_:bucket:warmth:)``.
    package func plan(_ inputs: [PlannerInput], bucket: BucketKey, prefixWarm: Bool) -> BucketPlan {
        plan(inputs, bucket: bucket, warmth: prefixWarm ? .allWarm : .cold)
    }

    /// Plans the pending requests of one bucket.
    ///
    /// Shape: the inputs are grouped by prefix group (the bucket's own first); each group is
    /// planned on its own (``planGroup(_:hash:bucket:warmth:warmAll:primes:)``: prefix analysis, the
    /// breakpoints that pay, their TTLs, primers); then the groups' primers, if any, go out alone,
    /// else every group's requests go out in order.
    ///
    /// - Parameters:
    ///   - inputs: the bucket's pending requests, in journal order.
    ///   - bucket: the bucket; its provider decides the cache mechanism.
    ///   - warmth: which prefixes (by chain hash) are warm, and who else reads them later;
    ///     ``PrefixWarmth/everything`` counts only for the bucket's own prefix group.
    /// - Returns: primers alone (one per cold sub-group that warrants one), or every request to
    ///   send now. Requests whose prefix differs from the bucket's (which the renderer's bucketing
    ///   rules out) are planned as their own groups after the bucket's group.
    package func plan(_ inputs: [PlannerInput], bucket: BucketKey, warmth: PrefixWarmth) -> BucketPlan {
        guard !inputs.isEmpty else { return BucketPlan(requests: [], prefix: nil) }
        var requests: [LLMRequest] = []
        var primers: [LLMRequest] = []
        var primary: PlannedPrefix?
        for (index, group) in Self.groups(inputs, primary: bucket.prefixGroup).enumerated() {
            let own = group.hash == bucket.prefixGroup
            // Gemini: an explicit cache where it beats implicit caching; it is created at
            // submission, so the group needs no primer and goes out whole.
            let explicit = own ? self.geminiExplicit(group.inputs, bucket: bucket, warmth: warmth) : nil
            var planned = self.planGroup(
                group.inputs, hash: group.hash, bucket: bucket, warmth: warmth, warmAll: own && warmth.everything,
                primes: own && explicit == nil)
            if let explicit {
                var prefix =
                    planned.prefix
                    ?? PlannedPrefix(
                        hash: group.hash, estimatedTokens: explicit.prefixTokens, ttl: .fiveMinutes, requestCount: group.inputs.count)
                prefix.explicitCache = explicit.plan
                planned.prefix = prefix
            }
            if index == 0 { primary = planned.prefix }
            primers += planned.primers
            requests += planned.requests
        }
        if !primers.isEmpty { return BucketPlan(primers: primers, requests: [], prefix: primary) }
        return BucketPlan(requests: requests, prefix: primary)
    }

    /// Requests of a bucket that go out realtime (near a deadline, too old, out of batch
    /// attempts), arranged like its batches where that costs nothing: on OpenAI the same
    /// `prompt_cache_key` and retention, so they are routed to the machines that hold the prefix
    /// the batches keep warm instead of missing on another. Other providers' requests are left
    /// as they are: an Anthropic mark on a realtime call may pay a write premium for an entry
    /// batches do not share reliably (peers.md §0). Input order is kept.
    package func arrangedForRealtime(_ inputs: [PlannerInput], bucket: BucketKey) -> [LLMRequest] {
        guard bucket.provider == .openai, bucket.kind == .chat else { return inputs.map(\.request) }
        var decisions: [String: Decision] = [:]
        for group in Self.groups(inputs, primary: bucket.prefixGroup) {
            decisions[group.hash] = self.decide(group.inputs, provider: bucket.provider, model: bucket.model, kind: bucket.kind, warm: true)
        }
        return inputs.map { input in
            let hash = input.prefixGroup ?? RequestRenderer.prefixGroup(of: input.request)
            guard let decision = decisions[hash] else { return input.request }
            return self.openAIArranged(input.request, key: decision.cache == nil ? nil : hash)
        }
    }

    /// How long the pipeline counts an extended-retention prefix warm after a primer: OpenAI keeps
    /// it "up to a maximum of 24 hours", with no promise, so an hour is assumed (the next primer
    /// costs one uncached request if that is optimistic).
    static let extendedRetentionWarmSeconds = 3_600

    /// Whether requests of this bucket are sent with 24-hour OpenAI retention when cached.
    func extendedRetention(_ provider: Provider, model: String) -> Bool {
        provider == .openai && settings.hasExtendedRetention(openAIModel: model)
    }

    /// Inputs grouped by prefix hash, keeping journal order inside each group; the bucket's own
    /// group first, then the others by first appearance.
    static func groups(_ inputs: [PlannerInput], primary: String) -> [(hash: String, inputs: [PlannerInput])] {
        var order: [String] = []
        var members: [String: [PlannerInput]] = [:]
        for input in inputs {
            let hash = input.prefixGroup ?? RequestRenderer.prefixGroup(of: input.request)
            if members[hash] == nil { order.append(hash) }
            members[hash, default: []].append(input)
        }
        if let index = order.firstIndex(of: primary), index > 0 {
            order.remove(at: index)
            order.insert(primary, at: 0)
        }
        return order.map { (hash: $0, inputs: members[$0] ?? []) }
    }
}
