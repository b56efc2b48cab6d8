import Foundation
import Providers

extension BatchPlanner {
    /// What the shared prefix of one Gemini group is expected to cost either way, in USD.
    struct ExplicitCacheComparison: Hashable {
        /// Storage for the whole TTL (billed at creation, never refunded) plus every request
        /// reading the prefix at the cache price.
        var explicit: Decimal
        /// The implicit path as ``decide(_:provider:model:kind:warm:)`` plans it.
        var implicit: Decimal
        /// The TTL the explicit cache would be created with.
        var ttlSeconds: Int
    }

    /// Whether a Gemini group's prefix goes in an explicit `cachedContents` entry, by expected
    /// cost of the prefix tokens `P` over the group's `n` requests, at batch prices (`input`,
    /// cache `read`, which is the same in batch: no stacking) and the storage price per
    /// token-hour `s` for the TTL `T` (providers.md §3.5):
    /// - explicit: `P·s·T + n·P·read` (every request reads, the cache is created synchronously, so
    ///   no primer and no wait for one);
    /// - implicit, with `h` = ``PlannerSettings/geminiImplicitHitRatio``:
    ///   warm prefix: `n·P·(h·read + (1 − h)·input)`; with a primer: the primer pays `P·input` and
    ///   the others `(h·read + (1 − h)·input)`; cold without a primer (or a prefix the implicit
    ///   decision does not count on): the first pays `P·input` and each other also needs the entry
    ///   to be there in time, so it reads with `h × coldBatchHitRatio`.
    /// Explicit is chosen only when strictly cheaper, and only for prefixes that clear the
    /// model's minimum cacheable length with ``PlannerSettings/minimumLengthMargin`` (Gemini
    /// refuses smaller caches with a 400).
    func geminiExplicitCache(_ group: [PlannerInput], bucket: BucketKey, decision: Decision, warm: Bool) -> ExplicitCachePlan? {
        guard let comparison = explicitCacheComparison(group, bucket: bucket, decision: decision, warm: warm),
            comparison.explicit < comparison.implicit
        else { return nil }
        return ExplicitCachePlan(ttlSeconds: comparison.ttlSeconds)
    }

    /// ``geminiExplicitCache(_:bucket:decision:warm:)`` for a bucket's own prefix group under
    /// `warmth`, with the prefix size it was judged at.
    func geminiExplicit(_ group: [PlannerInput], bucket: BucketKey, warmth: PrefixWarmth)
        -> (plan: ExplicitCachePlan, prefixTokens: Int)?
    {
        guard bucket.provider == .gemini, bucket.kind == .chat else { return nil }
        let warm = warmth.isWarm(bucket.prefixGroup)
        let decision = self.decide(group, provider: bucket.provider, model: bucket.model, kind: bucket.kind, warm: warm)
        return geminiExplicitCache(group, bucket: bucket, decision: decision, warm: warm).map { ($0, decision.prefixTokens) }
    }

    /// Both expected costs, or `nil` where an explicit cache is not possible (not a Gemini chat
    /// group, a prefix that cannot be cached or is under the minimum, a price missing).
    func explicitCacheComparison(_ group: [PlannerInput], bucket: BucketKey, decision: Decision, warm: Bool)
        -> ExplicitCacheComparison?
    {
        guard bucket.provider == .gemini, bucket.kind == .chat, let first = group.first,
            ExplicitCachePrefix(of: first.request) != nil
        else { return nil }
        let prefixTokens = decision.prefixTokens
        guard let facts = try? priceBook.facts(provider: bucket.provider, model: bucket.model) else { return nil }
        let minimum = facts.minCacheableTokens ?? Self.defaultMinCacheableTokens
        guard prefixTokens > 0, Double(prefixTokens) >= Double(minimum) * settings.minimumLengthMargin else { return nil }
        let promptTokens = group.map(\.estimatedInputTokens).max() ?? 0
        let ttlSeconds = settings.explicitCacheTTLSeconds
        guard
            let rates = try? priceBook.rates(provider: bucket.provider, model: bucket.model, mode: .batch, promptTokens: promptTokens),
            let read = rates.cacheRead,
            let storage = try? priceBook.cacheStorageCost(
                provider: bucket.provider, model: bucket.model, tokens: prefixTokens, hours: Decimal(ttlSeconds) / 3_600)
        else { return nil }
        let tokens = Decimal(prefixTokens)
        let count = Decimal(group.count)
        let perToken = Decimal(1) / 1_000_000
        let explicit = storage + count * tokens * read * perToken

        let hit = Decimal(settings.geminiImplicitHitRatio)
        let primedRead = hit * read + (1 - hit) * rates.input
        let coldHit = hit * Decimal(settings.coldBatchHitRatio)
        let coldRead = coldHit * read + (1 - coldHit) * rates.input
        let perTokenImplicit: Decimal
        if warm && decision.cache != nil {
            perTokenImplicit = count * primedRead
        } else if decision.primer {
            perTokenImplicit = rates.input + (count - 1) * primedRead
        } else {
            perTokenImplicit = rates.input + (count - 1) * coldRead
        }
        return ExplicitCacheComparison(
            explicit: explicit, implicit: tokens * perTokenImplicit * perToken, ttlSeconds: ttlSeconds)
    }
}
