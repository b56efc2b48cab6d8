import Foundation
import Providers

extension BatchPlanner {
    /// What the planner does with one prefix group.
    struct Decision: Hashable {
        /// The TTL of the planned breakpoint; `nil` when the prefix is not worth caching.
        var cache: CacheMark?
        /// Send the first request alone first.
        var primer: Bool
        /// Estimated prefix tokens.
        var prefixTokens: Int

        static func skip(prefixTokens: Int) -> Decision { Decision(cache: nil, primer: false, prefixTokens: prefixTokens) }
    }

    /// Decides whether caching the group's prefix beats plain batching, and how.
    ///
    /// The comparison uses the model's batch prices per prefix token (`input`, `write` at the
    /// chosen TTL or the uncached price where the provider charges no write premium, `read`) and
    /// `n` requests:
    /// - warm prefix: every request reads; caching pays when `read < input`;
    /// - cold with a primer (`n ≥ primerMinimumGroup`): one write, `n − 1` reads;
    ///   pays when `(write − input) < (n − 1)(input − read)`;
    /// - cold without a primer: one write, then each other request reads with probability
    ///   ``PlannerSettings/coldBatchHitRatio`` `h` and writes again otherwise; pays when
    ///   `(write − input) + (n − 1)((1 − h)(write − input) − h(input − read)) < 0`.
    /// Unknown models, missing prices and prefixes under the minimum length never cache; with a
    /// write premium the estimate must clear the minimum by ``PlannerSettings/minimumLengthMargin``.
    func decide(_ group: [PlannerInput], provider: Provider, model: String, kind: Providers.RequestKind, warm: Bool) -> Decision {
        guard kind == .chat, let first = group.first else { return .skip(prefixTokens: 0) }
        let prefixTokens = estimator.prefixTokens(of: first.request)
        guard let facts = try? priceBook.facts(provider: provider, model: model) else { return .skip(prefixTokens: prefixTokens) }
        let minimum = facts.minCacheableTokens ?? Self.defaultMinCacheableTokens
        guard prefixTokens > 0, prefixTokens >= minimum else { return .skip(prefixTokens: prefixTokens) }
        let promptTokens = group.map(\.estimatedInputTokens).max() ?? 0
        guard let rates = try? priceBook.rates(provider: provider, model: model, mode: .batch, promptTokens: promptTokens),
            let read = rates.cacheRead
        else { return .skip(prefixTokens: prefixTokens) }
        let ttl = provider == .anthropic ? settings.ttl : .fiveMinutes
        let writePrice: Decimal? =
            switch provider {
            case .anthropic: ttl.ttl == .oneHour ? rates.cacheWrite1h : rates.cacheWrite5m
            // No write price listed: the provider charges none (Gemini implicit caching).
            case .openai, .gemini: rates.cacheWrite ?? rates.input
            }
        guard let write = writePrice else { return .skip(prefixTokens: prefixTokens) }

        // The margin guards against paying a write premium for a prefix the provider then finds
        // too short to cache. Where writes cost no more than input (OpenAI before GPT-5.6, Gemini
        // implicit) a short prefix costs nothing but the primer's wait, and the estimate is
        // calibrated against reported usage: no margin there.
        let margin = write > rates.input ? settings.minimumLengthMargin : 1
        guard Double(prefixTokens) >= Double(minimum) * margin else { return .skip(prefixTokens: prefixTokens) }
        let premium = write - rates.input
        let readSaving = rates.input - read
        let others = Decimal(group.count - 1)
        if warm {
            return readSaving > 0 ? Decision(cache: ttl, primer: false, prefixTokens: prefixTokens) : .skip(prefixTokens: prefixTokens)
        }
        if group.count >= settings.primerMinimumGroup {
            return premium < others * readSaving
                ? Decision(cache: ttl, primer: true, prefixTokens: prefixTokens) : .skip(prefixTokens: prefixTokens)
        }
        let hit = Decimal(settings.coldBatchHitRatio)
        let expected = premium + others * ((1 - hit) * premium - hit * readSaving)
        return expected < 0 ? Decision(cache: ttl, primer: false, prefixTokens: prefixTokens) : .skip(prefixTokens: prefixTokens)
    }
}
