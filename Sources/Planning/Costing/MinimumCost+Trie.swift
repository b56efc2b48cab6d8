import Foundation
import Providers

extension MinimumCost {
    /// The minimum of one model's requests that carry prefix chains: their trie's shared nodes
    /// written once and read by every other request through them.
    ///
    /// Chain points are in estimated tokens; each prefix group's are scaled to the provider's by
    /// the group's ratio of measured shared prefix (``sharedPrefixTokens(of:)``) to estimated one
    /// (the whole-prompt ratio when the group's own prefix is empty), and capped at each prompt.
    /// A node is cached when `(n − 1)` reads save more than one write costs over input; the
    /// cheaper of that and nothing cached is taken.
    static func trieMinimum(_ inputs: [MinimumCostInput], provider: Provider, model: String, priceBook: PriceBook) throws -> Decimal {
        guard !inputs.isEmpty else { return 0 }
        let facts = try priceBook.facts(provider: provider, model: model)
        let minimum = facts.minCacheableTokens ?? BatchPlanner.defaultMinCacheableTokens
        // Scale per prefix group.
        var byGroup: [String: [MinimumCostInput]] = [:]
        for input in inputs { byGroup[input.prefixGroup, default: []].append(input) }
        var ratio: [String: Double] = [:]
        for (group, members) in byGroup {
            let estimated = Double(members.reduce(0) { $0 + $1.estimatedPrefixTokens }) / Double(members.count)
            if estimated > 0 {
                ratio[group] = Double(sharedPrefixTokens(of: members)) / estimated
            } else {
                let ratios = members.map { $0.estimatedPromptTokens > 0 ? Double($0.promptTokens) / Double($0.estimatedPromptTokens) : 1 }
                ratio[group] = ratios.reduce(0, +) / Double(ratios.count)
            }
        }
        var trie = PrefixTrie()
        var paths: [[Int]] = []
        for input in inputs {
            let scale = ratio[input.prefixGroup] ?? 1
            let points = input.prefixChain.map {
                PrefixTrie.Point(hash: $0.hash, tokens: min(Int((Double($0.tokens) * scale).rounded()), input.promptTokens))
            }
            paths.append(trie.insert(points))
        }
        var rates: [PriceBook.Rates] = []
        var uncached = Decimal(0)
        for input in inputs {
            let rate = try priceBook.rates(provider: provider, model: model, mode: .batch, promptTokens: input.promptTokens)
            rates.append(rate)
            uncached += perToken(input.promptTokens, rate.input) + perToken(input.outputTokens, rate.output)
        }
        guard let read = rates[0].cacheRead else { return uncached }
        let write = [rates[0].cacheWrite5m, rates[0].cacheWrite, rates[0].cacheWrite1h].compactMap { $0 }.min() ?? rates[0].input
        let nodes = trie.nodes
        let cached = nodes.map { node in
            node.requestCount >= 2 && node.tokens >= minimum && node.tokens > 0
                && Decimal(node.requestCount - 1) * (rates[0].input - read) > write - rates[0].input
        }
        var writer = [Bool](repeating: false, count: nodes.count)
        var total = Decimal(0)
        for (index, input) in inputs.enumerated() {
            let rate = rates[index]
            let readPrice = rate.cacheRead ?? rate.input
            let writePrice = [rate.cacheWrite5m, rate.cacheWrite, rate.cacheWrite1h].compactMap { $0 }.min() ?? rate.input
            var covered = 0
            var cost = Decimal(0)
            for node in paths[index] where cached[node] {
                let end = min(nodes[node].tokens, input.promptTokens)
                guard end > covered else { continue }
                let first = !writer[node]
                writer[node] = true
                cost += perToken(end - covered, first ? writePrice : readPrice)
                covered = end
            }
            cost += perToken(input.promptTokens - covered, rate.input) + perToken(input.outputTokens, rate.output)
            total += cost
        }
        return min(total, uncached)
    }
}
