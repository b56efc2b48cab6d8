package import Foundation
package import Providers

/// The lowest bill the providers' published rules allow for a workload (DESIGN §2), the
/// denominator of "captured".
///
/// Choices, each the cheapest the rules allow so that captured is never flattered:
/// - **Identical requests** (same ``MinimumCostInput/dedupeKey``) are answered once; the copy that
///   ran is kept. Requests that never ran (`promptTokens == 0`) cost nothing and read nothing,
///   matching the baseline, which is built from billed usage too.
/// - **Everything at batch prices** (`batch_*`), the tier of the prompt deciding long-context
///   prices per request.
/// - **Prefix length** per group of (provider, model, prefix group): at least the median of what
///   the provider reported caching for its requests; otherwise, from 20 requests on, the
///   intercept of their reported prompt tokens regressed on the estimated tokens of their own
///   parts (``sharedPrefixTokens(of:)``); for smaller groups the mean of the requests' calibrated
///   prefixes (``MinimumCostInput`` scales the renderer's estimate by reported ÷ estimated prompt
///   tokens). Capped at each request's prompt.
/// - **Cacheable** when that length reaches the model's minimum (1024 when the book lists none),
///   or when the provider reported caching it (the book keeps the larger of conflicting
///   documented minimums), and the book lists a batch cache-read price; no estimation margin
///   here, the minimum is ideal.
/// - **One write, every other request reads.** The write uses the cheapest write price listed: the
///   5-minute TTL is sufficient in the ideal schedule (all reads right after the write, each hit
///   refreshing it), so Sluice's 1-hour writes show as uncaptured savings. Providers that list no
///   write price charge none (Gemini implicit caching: the first request pays uncached input and
///   the rest pay the cache price, which does not stack with the batch discount, so the book's
///   `batch_cache_read` is the standard cache price). OpenAI before GPT-5.6 lists
///   `batch_cache_write` = `batch_input`, i.e. free writes.
/// - **Only when it pays**: per group the cheaper of cached and uncached is taken, so a lone
///   Anthropic request, or a model whose batch cache read is no cheaper than batch input
///   (gpt-4o), adds no write premium.
/// - **Prefixes shared across prefix groups** (inputs with a ``MinimumCostInput/prefixChain``):
///   every node of the model's prefix trie shared by two or more requests and reaching the
///   minimum is written once, by its first request, and read by the others; a request pays each
///   cached segment of its chain (between one cached node and the next) at write or read price,
///   the rest uncached (``trieMinimum(_:provider:model:priceBook:)``). A preamble shared by three
///   tasks is thus written once, not three times, and the common leading part of final blocks
///   ("instructions\n\ndocument" in one block) counts as cacheable.
/// - Gemini explicit `cachedContents` never beats implicit caching (same read price plus storage),
///   so it is not considered.
package enum MinimumCost {
    /// The theoretical minimum cost of `inputs` in USD.
    /// - Throws: ``PriceBookError`` for an unknown model or a missing batch price.
    package static func minimum(of inputs: [MinimumCostInput], priceBook: PriceBook) throws -> Decimal {
        var groups: [GroupKey: [MinimumCostInput]] = [:]
        var order: [GroupKey] = []
        var chained: [ModelKey: [MinimumCostInput]] = [:]
        var models: [ModelKey] = []
        for input in deduplicated(inputs) where input.promptTokens > 0 || input.outputTokens > 0 {
            if !input.prefixChain.isEmpty {
                let key = ModelKey(provider: input.provider, model: input.model)
                if chained[key] == nil { models.append(key) }
                chained[key, default: []].append(input)
                continue
            }
            let key = GroupKey(provider: input.provider, model: input.model, prefixGroup: input.prefixGroup)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(input)
        }
        var total = Decimal(0)
        for key in order {
            total += try groupMinimum(groups[key] ?? [], provider: key.provider, model: key.model, priceBook: priceBook)
        }
        for key in models {
            total += try trieMinimum(chained[key] ?? [], provider: key.provider, model: key.model, priceBook: priceBook)
        }
        return total
    }

    private struct ModelKey: Hashable {
        var provider: Provider
        var model: String
    }

    private struct GroupKey: Hashable {
        var provider: Provider
        var model: String
        var prefixGroup: String
    }

    /// One input per dedupe key (the one that ran, the first if several did); unkeyed inputs kept.
    static func deduplicated(_ inputs: [MinimumCostInput]) -> [MinimumCostInput] {
        var result: [MinimumCostInput] = []
        var slot: [String: Int] = [:]
        for input in inputs {
            guard let key = input.dedupeKey else {
                result.append(input)
                continue
            }
            if let index = slot[key] {
                if result[index].promptTokens == 0 && input.promptTokens > 0 { result[index] = input }
            } else {
                slot[key] = result.count
                result.append(input)
            }
        }
        return result
    }

    /// The cheaper of "one write, the rest read" and "nothing cached" for one prefix group.
    static func groupMinimum(_ group: [MinimumCostInput], provider: Provider, model: String, priceBook: PriceBook) throws -> Decimal {
        var uncached = Decimal(0)
        var rates: [PriceBook.Rates] = []
        for input in group {
            let rate = try priceBook.rates(provider: provider, model: model, mode: .batch, promptTokens: input.promptTokens)
            rates.append(rate)
            uncached += perToken(input.promptTokens, rate.input) + perToken(input.outputTokens, rate.output)
        }
        guard !group.isEmpty else { return 0 }
        let facts = try priceBook.facts(provider: provider, model: model)
        let minimum = facts.minCacheableTokens ?? BatchPlanner.defaultMinCacheableTokens
        let prefix = sharedPrefixTokens(of: group)
        // The provider caching a prefix is proof that it is long enough, whatever the book's
        // minimum (which keeps the larger of conflicting documented values, for the planner).
        let proven = group.contains { $0.cachedTokens > 0 }
        guard prefix >= minimum || proven, prefix > 0 else { return uncached }

        var cached = Decimal(0)
        for (index, input) in group.enumerated() {
            let rate = rates[index]
            guard let read = rate.cacheRead else { return uncached }
            let shared = min(prefix, input.promptTokens)
            let sharedPrice: Decimal
            if index == 0 {
                let writes = [rate.cacheWrite5m, rate.cacheWrite, rate.cacheWrite1h].compactMap { $0 }
                sharedPrice = writes.min() ?? rate.input
            } else {
                sharedPrice = read
            }
            cached += perToken(shared, sharedPrice) + perToken(input.promptTokens - shared, rate.input)
                + perToken(input.outputTokens, rate.output)
        }
        return min(cached, uncached)
    }

    /// Fewer requests than this estimate the prefix by the calibrated mean, not by regression.
    static let regressionMinimumGroup = 20

    /// The group's shared prefix in the provider's tokens: the median of what the provider
    /// reported caching for the requests of the group where it cached at all (a median, so that
    /// one odd request, a retry reading its own whole prompt say, does not speak for the group),
    /// else (and if larger) the estimate below. Taking the larger of the two never flatters captured: a longer prefix only lowers
    /// the minimum. The estimate alone ran about 290 tokens short of the provider's count on the
    /// duplicates workload, which put the minimum above the actual bill (captured 102%).
    ///
    /// The estimate:
    /// With enough requests of varying length it is the intercept of reported prompt tokens
    /// regressed on the estimated tokens of each request's own part (prompt minus prefix): the
    /// provider's count of the part all of them share, whatever its text's density. Scaling the
    /// prefix estimate by each request's whole-prompt ratio assumes instructions and documents
    /// tokenize alike, which they need not (the demo's Anthropic instructions: 2,283 tokens
    /// written and read, 2,424 by scaling, 2,310 by regression). Small or uniform groups, or a
    /// fit that makes no sense (no positive slope or intercept), keep the calibrated mean.
    static func sharedPrefixTokens(of group: [MinimumCostInput]) -> Int {
        let cached = group.map(\.cachedTokens).filter { $0 > 0 }.sorted()
        let observed = cached.isEmpty ? 0 : min(cached[cached.count / 2], group.map(\.promptTokens).min() ?? 0)
        return max(estimatedPrefixTokens(of: group), observed)
    }

    /// The estimate of ``sharedPrefixTokens(of:)`` from the renderer's counts alone.
    static func estimatedPrefixTokens(of group: [MinimumCostInput]) -> Int {
        let mean = (group.reduce(0) { $0 + $1.calibratedPrefixTokens } + group.count / 2) / max(group.count, 1)
        guard group.count >= regressionMinimumGroup else { return mean }
        let points = group.map { (x: Double(max($0.estimatedPromptTokens - $0.estimatedPrefixTokens, 0)), y: Double($0.promptTokens)) }
        let count = Double(points.count)
        let meanX = points.reduce(0) { $0 + $1.x } / count
        let meanY = points.reduce(0) { $0 + $1.y } / count
        let covariance = points.reduce(0) { $0 + ($1.x - meanX) * ($1.y - meanY) }
        let variance = points.reduce(0) { $0 + ($1.x - meanX) * ($1.x - meanX) }
        guard variance > 0 else { return mean }
        let slope = covariance / variance
        let intercept = meanY - slope * meanX
        guard slope > 0, intercept > 0, intercept.isFinite else { return mean }
        let shortest = group.map(\.promptTokens).min() ?? 0
        return min(Int(intercept.rounded()), shortest)
    }

    static func perToken(_ tokens: Int, _ pricePerMillion: Decimal) -> Decimal {
        Decimal(tokens) * pricePerMillion / 1_000_000
    }
}
