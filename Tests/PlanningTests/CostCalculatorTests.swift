import Foundation
@testable import Planning
import Providers
import Testing

/// Exact decimal from text (never through Double).
func usd(_ text: String) -> Decimal {
    Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))!
}

@Suite("Cost calculator", .timeLimit(.minutes(1)))
struct CostCalculatorTests {
    let calculator: CostCalculator

    init() throws {
        calculator = CostCalculator(priceBook: try PriceBook.bundled())
    }

    @Test("Anthropic batch with cache reads: Sonnet 4.5 at 1.50 / 0.15 / 7.50 per MTok")
    func anthropicRead() throws {
        let usage = Providers.TokenUsage.anthropic(
            inputTokens: 100, cacheCreationInputTokens: 0, cacheReadInputTokens: 2_000,
            ephemeral5mInputTokens: nil, ephemeral1hInputTokens: nil, outputTokens: 50)
        let cost = try calculator.cost(of: usage, provider: .anthropic, model: "claude-sonnet-4-5-20250929", mode: .batch)
        // 100 × 1.50 + 2,000 × 0.15 + 50 × 7.50 = 825 µ$ per MTok-unit.
        #expect(cost.actual == usd("0.000825"))
        // 2,100 × 3 + 50 × 15.
        #expect(cost.baseline == usd("0.00705"))
        // 2,100 × 1.50 + 50 × 7.50.
        #expect(cost.uncachedAtMode == usd("0.003525"))
        let split = calculator.breakdown(of: [cost], dedupeBaseline: 0)
        #expect(split.batchDiscount == usd("0.003525"))
        #expect(split.cacheSavings == usd("0.0027"))
        #expect(split.saved == usd("0.006225"))
    }

    @Test("Anthropic 1-hour cache write costs more than it saves on its own: cache savings go negative")
    func anthropicWrite() throws {
        let usage = Providers.TokenUsage.anthropic(
            inputTokens: 100, cacheCreationInputTokens: 2_000, cacheReadInputTokens: 0,
            ephemeral5mInputTokens: 0, ephemeral1hInputTokens: 2_000, outputTokens: 50)
        let cost = try calculator.cost(of: usage, provider: .anthropic, model: "claude-sonnet-4-5", mode: .batch)
        // 100 × 1.50 + 2,000 × 3.00 + 50 × 7.50.
        #expect(cost.actual == usd("0.006525"))
        let split = calculator.breakdown(of: [cost], dedupeBaseline: 0)
        #expect(split.cacheSavings == usd("-0.003"))
        #expect(split.saved == split.baseline - split.actual)
    }

    @Test("OpenAI batch: cached tokens are inside prompt tokens and taken out once (gpt-5-mini)")
    func openAI() throws {
        let usage = Providers.TokenUsage.openAI(promptTokens: 3_000, cachedTokens: 2_048, cacheWriteTokens: nil, completionTokens: 200)
        let cost = try calculator.cost(of: usage, provider: .openai, model: "gpt-5-mini", mode: .batch)
        // 952 × 0.125 + 2,048 × 0.0125 + 200 × 1.00.
        #expect(cost.actual == usd("0.0003446"))
        // 3,000 × 0.25 + 200 × 2.00.
        #expect(cost.baseline == usd("0.00115"))
        // 3,000 × 0.125 + 200 × 1.00.
        #expect(cost.uncachedAtMode == usd("0.000575"))
    }

    @Test("Gemini batch: thinking billed as output, cache read at the unstacked cache price (2.5 Flash)")
    func gemini() throws {
        let usage = Providers.TokenUsage.gemini(
            promptTokenCount: 5_000, cachedContentTokenCount: 4_000, candidatesTokenCount: 300, thoughtsTokenCount: 100,
            toolUsePromptTokenCount: nil)
        let cost = try calculator.cost(of: usage, provider: .gemini, model: "gemini-2.5-flash", mode: .batch)
        // 1,000 × 0.15 + 4,000 × 0.03 + 400 × 1.25.
        #expect(cost.actual == usd("0.00077"))
        // 5,000 × 0.30 + 400 × 2.50.
        #expect(cost.baseline == usd("0.0025"))
        // 5,000 × 0.15 + 400 × 1.25.
        #expect(cost.uncachedAtMode == usd("0.00125"))
        let split = calculator.breakdown(of: [cost], dedupeBaseline: 0)
        #expect(split.batchDiscount == usd("0.00125"))
        #expect(split.cacheSavings == usd("0.00048"))
    }

    @Test("realtime without caching saves nothing; the baseline is the realtime list price")
    func realtime() throws {
        let usage = Providers.TokenUsage(inputTokens: 1_234, outputTokens: 56)
        let cost = try calculator.cost(of: usage, provider: .anthropic, model: "claude-haiku-4-5", mode: .realtime)
        #expect(cost.actual == cost.baseline)
        #expect(cost.uncachedAtMode == cost.baseline)
        #expect(calculator.breakdown(of: [cost], dedupeBaseline: 0).saved == 0)
    }

    @Test("identity: saved = baseline − actual = batch discount + cache savings + dedupe, exactly")
    func identity() throws {
        var items: [ItemCost] = []
        for index in 0..<97 {
            let usage = Providers.TokenUsage.anthropic(
                inputTokens: 37 + index, cacheCreationInputTokens: index == 0 ? 1_777 : 0,
                cacheReadInputTokens: index == 0 ? 0 : 1_777, ephemeral5mInputTokens: 0,
                ephemeral1hInputTokens: index == 0 ? 1_777 : 0, outputTokens: 3 * index + 1)
            items.append(try calculator.cost(of: usage, provider: .anthropic, model: "claude-opus-4-5", mode: .batch))
        }
        items.append(
            try calculator.cost(
                of: .openAI(promptTokens: 1_333, cachedTokens: 1_152, cacheWriteTokens: nil, completionTokens: 77),
                provider: .openai, model: "gpt-5-nano", mode: .flex))
        let dedupe = try calculator.responseCacheBaseline(of: Providers.TokenUsage(inputTokens: 1_814, outputTokens: 9), provider: .anthropic, model: "claude-opus-4-5")
        let split = calculator.breakdown(of: items, dedupeBaseline: dedupe)
        let baseline = items.reduce(Decimal(0)) { $0 + $1.baseline } + dedupe
        let actual = items.reduce(Decimal(0)) { $0 + $1.actual }
        #expect(split.baseline == baseline)
        #expect(split.actual == actual)
        #expect(split.saved == baseline - actual)
        #expect(split.saved == split.batchDiscount + split.cacheSavings + split.dedupeSavings)
        #expect(split.dedupeSavings == dedupe)
        #expect(dedupe == usd("0.009295"))  // 1,814 × 5 + 9 × 25
        // Sums over groups keep the identity.
        let total = split + calculator.breakdown(of: Array(items.prefix(3)), dedupeBaseline: 0)
        #expect(total.saved == total.baseline - total.actual)
    }

    @Test("an empty group and a response-cache-only group")
    func edges() throws {
        #expect(calculator.breakdown(of: [], dedupeBaseline: 0) == .zero)
        let onlyDedupe = calculator.breakdown(of: [], dedupeBaseline: usd("0.5"))
        #expect(onlyDedupe.baseline == usd("0.5") && onlyDedupe.actual == 0 && onlyDedupe.saved == usd("0.5"))
    }

    @Test("an unknown model is an error, never a zero")
    func unknownModel() throws {
        let error = #expect(throws: PriceBookError.self) {
            try calculator.cost(of: Providers.TokenUsage(inputTokens: 1, outputTokens: 1), provider: .openai, model: "gpt-nonexistent", mode: .batch)
        }
        #expect(error?.isUnknownModel == true)
        // A usage the model has no price for (a cache write on Gemini, which never bills one) throws too.
        #expect(throws: PriceBookError.self) {
            try calculator.cost(of: Providers.TokenUsage(cacheWriteInputTokens: 10), provider: .gemini, model: "gemini-2.5-flash", mode: .batch)
        }
    }
}
