import Foundation
@testable import Planning
import Providers
import Testing

@Suite("Theoretical minimum cost", .timeLimit(.minutes(1)))
struct CostMinimumTests {
    let book: PriceBook

    init() throws {
        book = try PriceBook.bundled()
    }

    func input(
        _ provider: Provider, _ model: String, group: String = "p1", prompt: Int, output: Int, prefix: Int, estimatedPrompt: Int,
        dedupe: String? = nil
    ) -> MinimumCostInput {
        MinimumCostInput(
            provider: provider, model: model, prefixGroup: group, promptTokens: prompt, outputTokens: output,
            estimatedPrefixTokens: prefix, estimatedPromptTokens: estimatedPrompt, dedupeKey: dedupe)
    }

    @Test("Anthropic: one 5-minute batch write, the rest read, the calibrated prefix")
    func anthropic() throws {
        // Estimates were 2,000 / 2,500; the provider counted 3,000, so the prefix is 2,400 real tokens.
        let three = (0..<3).map { _ in input(.anthropic, "claude-sonnet-4-5", prompt: 3_000, output: 100, prefix: 2_000, estimatedPrompt: 2_500) }
        // Writer: 2,400 × 1.875 + 600 × 1.50 + 100 × 7.50 = 6,150; readers: 2,400 × 0.15 + 900 + 750 = 2,010 each.
        #expect(try MinimumCost.minimum(of: three, priceBook: book) == usd("0.01017"))
        // A duplicate (answered once) and a request that never ran change nothing.
        var more = three
        more[0].dedupeKey = "same"
        more.append(input(.anthropic, "claude-sonnet-4-5", prompt: 3_000, output: 100, prefix: 2_000, estimatedPrompt: 2_500, dedupe: "same"))
        more.append(input(.anthropic, "claude-sonnet-4-5", prompt: 0, output: 0, prefix: 2_000, estimatedPrompt: 2_500))
        #expect(try MinimumCost.minimum(of: more, priceBook: book) == usd("0.01017"))
    }

    @Test("OpenAI: free writes before GPT-5.6, batch cached reads (gpt-5-mini)")
    func openAI() throws {
        let two = (0..<2).map { _ in input(.openai, "gpt-5-mini", prompt: 2_000, output: 100, prefix: 1_500, estimatedPrompt: 2_000) }
        // Writer: 2,000 × 0.125 + 100 × 1.00 = 350; reader: 1,500 × 0.0125 + 500 × 0.125 + 100 = 181.25.
        #expect(try MinimumCost.minimum(of: two, priceBook: book) == usd("0.00053125"))
        // gpt-4o lists no cheaper batch cached price: the minimum is plain batch.
        let plain = (0..<2).map { _ in input(.openai, "gpt-4o", prompt: 2_000, output: 100, prefix: 1_500, estimatedPrompt: 2_000) }
        #expect(try MinimumCost.minimum(of: plain, priceBook: book) == usd("0.006"))  // 2 × (2,000 × 1.25 + 100 × 5)
    }

    @Test("Gemini: implicit caching, no write premium, the unstacked cache read price (2.5 Flash)")
    func gemini() throws {
        let two = (0..<2).map { _ in input(.gemini, "gemini-2.5-flash", prompt: 4_000, output: 200, prefix: 3_000, estimatedPrompt: 4_000) }
        // Writer: 4,000 × 0.15 + 200 × 1.25 = 850; reader: 3,000 × 0.03 + 1,000 × 0.15 + 250 = 490.
        #expect(try MinimumCost.minimum(of: two, priceBook: book) == usd("0.00134"))
    }

    @Test("no cacheable prefix, a single request, separate groups")
    func uncacheable() throws {
        // Calibrated prefix 600 < 1,024: plain batch, 3 × (3,000 × 1.50 + 100 × 7.50).
        let short = (0..<3).map { _ in input(.anthropic, "claude-sonnet-4-5", prompt: 3_000, output: 100, prefix: 500, estimatedPrompt: 2_500) }
        #expect(try MinimumCost.minimum(of: short, priceBook: book) == usd("0.01575"))
        // One request alone: a write would only add its premium.
        let single = [input(.anthropic, "claude-sonnet-4-5", prompt: 3_000, output: 100, prefix: 2_000, estimatedPrompt: 2_500)]
        #expect(try MinimumCost.minimum(of: single, priceBook: book) == usd("0.00525"))
        // Two singles in different prefix groups do not share a write.
        let apart = [
            input(.anthropic, "claude-sonnet-4-5", group: "a", prompt: 3_000, output: 100, prefix: 2_000, estimatedPrompt: 2_500),
            input(.anthropic, "claude-sonnet-4-5", group: "b", prompt: 3_000, output: 100, prefix: 2_000, estimatedPrompt: 2_500),
        ]
        #expect(try MinimumCost.minimum(of: apart, priceBook: book) == usd("0.0105"))
        #expect(try MinimumCost.minimum(of: [], priceBook: book) == 0)
    }

    @Test("the minimum never exceeds plain batch, and an unknown model throws")
    func boundsAndErrors() throws {
        for size in 1...6 {
            let group = (0..<size).map { _ in input(.anthropic, "claude-opus-4-5", prompt: 5_000, output: 50, prefix: 4_200, estimatedPrompt: 5_000) }
            let plain = Decimal(size) * usd("0.013125")  // 5,000 × 2.50 + 50 × 12.50
            #expect(try MinimumCost.minimum(of: group, priceBook: book) <= plain)
        }
        #expect(throws: PriceBookError.self) {
            try MinimumCost.minimum(of: [input(.openai, "gpt-nonexistent", prompt: 10, output: 1, prefix: 0, estimatedPrompt: 10)], priceBook: book)
        }
    }
}
