import Foundation
import Providers

extension MinimumCost {
    /// The minimum of one model's requests that carry prefix chains: their trie's shared nodes
    /// written once and read by every other request through them.
    ///
    /// Chain points are in estimated tokens; each node's length in the provider's tokens comes from
    /// the requests through it as ``sharedPrefixTokens(of:)`` computes a group's prefix (at least
    /// what the provider reported caching for the requests whose deepest node it is; from 20
    /// requests on, the intercept of reported prompt tokens regressed on the estimated rest), so
    /// a split-off node is measured like a prefix group's own prefix.
    /// A node is cached when `(n − 1)` reads save more than one write costs over input; the
    /// cheaper of that and nothing cached is taken.
    static func trieMinimum(_ inputs: [MinimumCostInput], provider: Provider, model: String, priceBook: PriceBook) throws -> Decimal {
        guard !inputs.isEmpty else { return 0 }
        let facts = try priceBook.facts(provider: provider, model: model)
        let minimum = facts.minCacheableTokens ?? BatchPlanner.defaultMinCacheableTokens
        // The trie in estimated tokens, then each node's length in the provider's tokens from
        // its own members (the regression or calibrated mean of ``sharedPrefixTokens(of:)``, with
        // the node as the prefix), capped at each member's prompt.
        var trie = PrefixTrie()
        var paths: [[Int]] = []
        for input in inputs { paths.append(trie.insert(input.prefixChain)) }
        var members = [[Int]](repeating: [], count: trie.nodes.count)
        for (index, path) in paths.enumerated() {
            for node in path { members[node].append(index) }
        }
        let tokens = trie.nodes.indices.map { node -> Int in
            let estimated = trie.nodes[node].tokens
            let group = members[node].map { index -> MinimumCostInput in
                var input = inputs[index]
                input.estimatedPrefixTokens = estimated
                // What the provider reported caching measures a request's deepest node only:
                // it read through the shallower ones too, so they are shorter than that.
                if paths[index].last != node { input.cachedTokens = 0 }
                return input
            }
            return group.isEmpty ? 0 : sharedPrefixTokens(of: group)
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
        // A node the provider cached for a request ending there is long enough, whatever the book says.
        var proven = [Bool](repeating: false, count: trie.nodes.count)
        for (index, path) in paths.enumerated() where inputs[index].cachedTokens > 0 {
            if let last = path.last { proven[last] = true }
        }
        let nodes = trie.nodes
        let cached = nodes.indices.map { node in
            nodes[node].requestCount >= 2 && (tokens[node] >= minimum || proven[node]) && tokens[node] > 0
                && Decimal(nodes[node].requestCount - 1) * (rates[0].input - read) > write - rates[0].input
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
                let end = min(tokens[node], input.promptTokens)
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
