package import Foundation
package import Providers

/// What a bucket's planned requests cost at batch prices, round by round, if the plan's primers and
/// fan-outs work as planned: `sluice estimate`'s "planned" figure.
///
/// A round is what goes out together (a primer batch, then the fan-out). Its requests read only
/// entries written by earlier rounds: a batch's requests run concurrently and do not read each
/// other's writes (providers.md §1.5). Per request, from the entries its planned form names:
/// - Anthropic: the deepest marked prefix written earlier is read; marked prefixes past it are
///   written at their TTL's price; the rest is input.
/// - OpenAI: a request sent with a `prompt_cache_key` reads that key's prefix once an earlier round
///   wrote it under the same key (routing is per key); every request writes it (free before
///   GPT-5.6).
/// - Gemini: implicit caching reads the longest shared prefix an earlier round sent; an explicit
///   cache is read by every request, and its storage for the plan's TTL is shared among them.
///
/// Prefixes under the model's minimum cacheable length are never cached. Not modelled: cache
/// expiry between rounds, OpenAI overflow, Gemini's implicit caching not firing.
package struct PlanPricer: Sendable {
    private let priceBook: PriceBook
    private let provider: Provider
    private let model: String
    private let estimator: TokenEstimator
    private let minimumTokens: Int
    /// Entries written by earlier rounds.
    private var written: Set<String> = []

    /// A pricer for one provider model, nothing written yet.
    package init(priceBook: PriceBook, provider: Provider, model: String, estimator: TokenEstimator = .standard) {
        self.priceBook = priceBook
        self.provider = provider
        self.model = model
        self.estimator = estimator
        let facts = try? priceBook.facts(provider: provider, model: model)
        self.minimumTokens = facts?.minCacheableTokens ?? BatchPlanner.defaultMinCacheableTokens
    }

    /// One request of a round: as planned, with its estimated prompt and assumed output tokens.
    package struct Item: Sendable {
        package var request: LLMRequest
        package var promptTokens: Int
        package var outputTokens: Int

        package init(request: LLMRequest, promptTokens: Int, outputTokens: Int) {
            self.request = request
            self.promptTokens = promptTokens
            self.outputTokens = outputTokens
        }
    }

    /// What one request is expected to cost, and how many of its tokens the cache served or took.
    package struct Priced: Sendable, Hashable {
        package var cost: Decimal
        package var cachedTokens: Int
    }

    /// Prices a round sent together under `prefix` (the plan's), then counts its writes.
    package mutating func price(round items: [Item], prefix: PlannedPrefix?) throws -> [Priced] {
        let perToken = Decimal(1) / 1_000_000
        var storageShare: Decimal = 0
        if provider == .gemini, let explicit = prefix?.explicitCache, let prefix, !items.isEmpty {
            let storage = try priceBook.cacheStorageCost(
                provider: provider, model: model, tokens: prefix.estimatedTokens, hours: Decimal(explicit.ttlSeconds) / 3_600)
            storageShare = storage / Decimal(items.count)
        }
        var roundWrites: Set<String> = []
        var result: [Priced] = []
        result.reserveCapacity(items.count)
        for item in items {
            let prompt = item.promptTokens
            let rates = try priceBook.rates(provider: provider, model: model, mode: .batch, promptTokens: prompt)
            var cost = Decimal(item.outputTokens) * rates.output * perToken
            guard item.request.kind == .chat, let read = rates.cacheRead else {
                result.append(Priced(cost: cost + Decimal(prompt) * rates.input * perToken, cachedTokens: 0))
                continue
            }
            if provider == .gemini, prefix?.explicitCache != nil, let prefix {
                let cached = min(prefix.estimatedTokens, prompt)
                cost += storageShare + Decimal(cached) * read * perToken + Decimal(prompt - cached) * rates.input * perToken
                result.append(Priced(cost: cost, cachedTokens: cached))
                continue
            }
            let entries = self.entries(of: item.request, prefix: prefix).filter { $0.tokens >= minimumTokens && $0.tokens <= prompt }
            let hit = entries.filter { written.contains($0.name) }.map(\.tokens).max() ?? 0
            var covered = hit
            cost += Decimal(hit) * read * perToken
            for entry in entries.sorted(by: { $0.tokens < $1.tokens }) where entry.tokens > covered {
                let price: Decimal
                switch provider {
                case .anthropic:
                    price = (entry.ttl == .oneHour ? rates.cacheWrite1h : rates.cacheWrite5m) ?? rates.input
                case .openai, .gemini:
                    price = rates.cacheWrite ?? rates.input
                }
                cost += Decimal(entry.tokens - covered) * price * perToken
                covered = entry.tokens
            }
            cost += Decimal(prompt - covered) * rates.input * perToken
            for entry in entries { roundWrites.insert(entry.name) }
            result.append(Priced(cost: cost, cachedTokens: covered))
        }
        written.formUnion(roundWrites)
        return result
    }

    /// The cache entries a planned request runs through, by name and size.
    private func entries(of request: LLMRequest, prefix: PlannedPrefix?) -> [(name: String, tokens: Int, ttl: CacheMark.TTL)] {
        let links = PrefixChain(of: request).links
        switch provider {
        case .anthropic:
            return links.compactMap { link in
                link.slot.mark(in: request).map { (link.hash, estimator.tokens(characters: link.cumulativeCharacters), $0.ttl) }
            }
        case .openai:
            guard let key = request.promptCacheKey else { return [] }
            // The key names the prefix the plan cached for this request (its size is recorded
            // under the key); a request without one is not cached by the plan.
            let tokens =
                prefix?.breakpoints?.first { $0.hash == key }?.estimatedTokens
                ?? estimator.tokens(characters: links.last?.cumulativeCharacters ?? 0)
            return [(key, tokens, .fiveMinutes)]
        case .gemini:
            return links.map { ($0.hash, estimator.tokens(characters: $0.cumulativeCharacters), .fiveMinutes) }
        }
    }
}
