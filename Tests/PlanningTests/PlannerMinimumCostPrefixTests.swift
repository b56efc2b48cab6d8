import Foundation
@testable import Planning
import Providers
import Testing

@Suite("Minimum cost: the shared prefix in provider tokens", .timeLimit(.minutes(1)))
struct PlannerMinimumCostPrefixTests {
    /// Instructions of 2,000 estimated tokens that the provider counts as 2,300, documents that it
    /// counts at 1.6 tokens per estimated token: scaling by the whole prompt overstates the prefix.
    func group(count: Int) -> [MinimumCostInput] {
        (0..<count).map { index in
            let document = 300 + (index * 97) % 3_000
            return MinimumCostInput(
                provider: .anthropic, model: "claude-sonnet-4-5", prefixGroup: "g",
                promptTokens: 2_300 + Int((Double(document) * 1.6).rounded()), outputTokens: 50,
                estimatedPrefixTokens: 2_000, estimatedPromptTokens: 2_000 + document)
        }
    }

    @Test("a large group's prefix is the regression intercept, not the whole-prompt scaling")
    func regression() throws {
        let inputs = group(count: 40)
        #expect(MinimumCost.sharedPrefixTokens(of: inputs) == 2_300)
        let scaled = inputs.reduce(0) { $0 + $1.calibratedPrefixTokens } / inputs.count
        #expect(scaled > 2_500)
        // The minimum follows: one write and 39 reads of 2,300 tokens at Sonnet 4.5 batch prices.
        let book = try PriceBook.bundled()
        let rates = try book.rates(provider: .anthropic, model: "claude-sonnet-4-5", mode: .batch, promptTokens: 5_000)
        let write = try #require(rates.cacheWrite5m)
        let read = try #require(rates.cacheRead)
        var expected = MinimumCost.perToken(2_300, write) + MinimumCost.perToken(2_300 * 39, read)
        for input in inputs {
            expected += MinimumCost.perToken(input.promptTokens - 2_300, rates.input) + MinimumCost.perToken(input.outputTokens, rates.output)
        }
        #expect(try MinimumCost.minimum(of: inputs, priceBook: book) == expected)
    }

    @Test("small or uniform groups keep the calibrated mean")
    func fallback() throws {
        let small = group(count: 10)
        #expect(MinimumCost.sharedPrefixTokens(of: small) == (small.reduce(0) { $0 + $1.calibratedPrefixTokens } + 5) / 10)
        let uniform = (0..<30).map { _ in
            MinimumCostInput(
                provider: .anthropic, model: "claude-sonnet-4-5", prefixGroup: "g", promptTokens: 3_000, outputTokens: 10,
                estimatedPrefixTokens: 2_000, estimatedPromptTokens: 2_500)
        }
        #expect(MinimumCost.sharedPrefixTokens(of: uniform) == 2_400)
    }

    @Test("the provider's own cached count lifts an estimate that runs short; the median ignores an odd request")
    func observedCache() throws {
        // The regression alone says 2,300; the provider cached 2,580 for most requests, and one
        // retry read 4,000 of its own prompt.
        var inputs = group(count: 40)
        for index in inputs.indices where index % 3 != 0 { inputs[index].cachedTokens = 2_580 }
        inputs[1].cachedTokens = 4_000
        #expect(MinimumCost.sharedPrefixTokens(of: inputs) == 2_580)
        // An observation below the estimate does not lower it (a longer prefix only lowers the minimum).
        for index in inputs.indices { inputs[index].cachedTokens = index == 0 ? 0 : 1_024 }
        #expect(MinimumCost.sharedPrefixTokens(of: inputs) == 2_300)
        // Capped at the shortest prompt.
        let short = (0..<5).map { _ in
            MinimumCostInput(
                provider: .gemini, model: "gemini-2.5-flash", prefixGroup: "g", promptTokens: 2_000, outputTokens: 10,
                estimatedPrefixTokens: 1_000, estimatedPromptTokens: 2_000, cachedTokens: 2_100)
        }
        #expect(MinimumCost.sharedPrefixTokens(of: short) == 2_000)
    }

    @Test("a prefix the provider cached counts as cacheable even under the book's minimum")
    func provenCacheable() throws {
        // Gemini 2.5 Flash: the book keeps 2,048 (the later of two documented minimums); the
        // provider cached 1,500 tokens, so the minimum must count them read.
        let book = try PriceBook.bundled()
        func inputs(cached: Int) -> [MinimumCostInput] {
            (0..<10).map { index in
                MinimumCostInput(
                    provider: .gemini, model: "gemini-2.5-flash", prefixGroup: "g", promptTokens: 2_000, outputTokens: 10,
                    estimatedPrefixTokens: 1_500, estimatedPromptTokens: 2_000, cachedTokens: index == 0 ? 0 : cached)
            }
        }
        let proven = try MinimumCost.minimum(of: inputs(cached: 1_500), priceBook: book)
        let unproven = try MinimumCost.minimum(of: inputs(cached: 0), priceBook: book)
        #expect(proven < unproven)
    }
}
