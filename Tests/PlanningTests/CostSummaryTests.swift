import Foundation
@testable import Planning
import Providers
import Testing

@Suite("Savings summary", .timeLimit(.minutes(1)))
struct CostSummaryTests {
    func summary() -> SavingsSummary {
        let anthropic = SavingsSummary.Row(
            provider: .anthropic, model: "claude-sonnet-4-5", requests: 200,
            figures: .init(
                breakdown: SavingsBreakdown(actual: usd("4"), batchDiscount: usd("5"), cacheSavings: usd("0.75"), dedupeSavings: usd("0.25")),
                minimum: usd("2")))
        let gemini = SavingsSummary.Row(
            provider: .gemini, model: "gemini-2.5-flash", requests: 10,
            figures: .init(
                breakdown: SavingsBreakdown(actual: usd("0.0123456789"), batchDiscount: usd("0.01"), cacheSavings: usd("-0.00005"), dedupeSavings: 0),
                minimum: usd("0.0222956789")))
        var results = SavingsSummary.ResultCounts()
        for status in [ResultStatus.succeeded, .succeeded, .failed, .expired] { results.record(status) }
        return SavingsSummary(
            events: .init(published: 212, accepted: 210, duplicates: 1, deadLettered: 1), results: results, rows: [gemini, anthropic])
    }

    @Test("totals are the rows' sums; captured = (baseline − actual) / (baseline − minimum)")
    func totals() throws {
        let report = summary()
        #expect(report.rows.map(\.provider) == [.anthropic, .gemini])
        #expect(report.rows[0].figures.baseline == usd("10"))
        #expect(report.rows[0].figures.captured == usd("0.75"))
        // Baseline equals minimum on the Gemini row: nothing attainable, no ratio.
        #expect(report.rows[1].figures.baseline == report.rows[1].figures.minimum)
        #expect(report.rows[1].figures.captured == nil)
        #expect(report.totals.baseline == usd("10.0222956789"))
        #expect(report.totals.actual == usd("4.0123456789"))
        #expect(report.totals.minimum == usd("2.0222956789"))
        #expect(report.totals.saved == report.totals.baseline - report.totals.actual)
        #expect(report.totals.saved == usd("6.00995"))
        #expect(report.results.total == 4)
    }

    @Test("JSON: snake_case keys, money as numbers to 9 places, captured to 6 places or null; round-trips")
    func json() throws {
        let report = summary()
        let data = try JSONEncoder().encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["events", "results", "rows", "baseline_usd", "actual_usd", "minimum_usd", "saved_usd", "captured", "breakdown"])
        let events = try #require(object["events"] as? [String: Any])
        #expect(events["dead_lettered"] as? Int == 1)
        let breakdown = try #require(object["breakdown"] as? [String: Any])
        #expect(Set(breakdown.keys) == ["batch_discount_usd", "cache_savings_usd", "dedupe_savings_usd"])
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""actual_usd":4.012345679"#))  // rounded half-to-even at 9 places
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows[1]["captured"] is NSNull)
        #expect(rows[0]["captured"] as? Double == 0.75)
        let captured = try #require(object["captured"] as? Double)
        #expect(abs(captured - 0.751244) < 0.000_000_1)  // 0.75124375 to 6 places

        let decoded = try JSONDecoder().decode(SavingsSummary.self, from: data)
        #expect(decoded.rows[0] == report.rows[0])
        #expect(decoded.rows[1].figures.actual == usd("0.012345679"))
        #expect(decoded.events == report.events && decoded.results == report.results)
        #expect(decoded.totals.actual == usd("4.012345679"))
    }

    @Test("the text table prints money to $0.0001 and captured as a percentage")
    func render() throws {
        let text = summary().render()
        #expect(text.contains("published 212  accepted 210  duplicates 1  dead-lettered 1"))
        #expect(text.contains("succeeded 2  failed 1  expired 1  canceled 0"))
        let anthropic = try #require(text.split(separator: "\n").first { $0.hasPrefix("anthropic/claude-sonnet-4-5") })
        #expect(anthropic.contains("$10.0000") && anthropic.contains("$4.0000") && anthropic.contains("$2.0000") && anthropic.contains("75.0%"))
        let gemini = try #require(text.split(separator: "\n").first { $0.hasPrefix("gemini/gemini-2.5-flash") })
        #expect(gemini.contains("$0.0123") && gemini.hasSuffix("n/a"))
        let total = try #require(text.split(separator: "\n").first { $0.hasPrefix("total") })
        #expect(total.contains("210") && total.contains("$6.0100") && total.contains("75.1%"))
        #expect(text.contains("cache savings $0.7500"))
        #expect(SavingsSummary.money(usd("-0.01")) == "-$0.0100")
        #expect(SavingsSummary.money(usd("0.00005")) == "$0.0001")
        #expect(SavingsSummary.money(usd("-0.00004")) == "$0.0000")
        #expect(SavingsSummary.money(usd("1234.5")) == "$1234.5000")
    }

    @Test("an empty report renders and has no captured figure")
    func empty() throws {
        let report = SavingsSummary(events: .init(), results: .init(), rows: [])
        #expect(report.totals.captured == nil)
        #expect(report.render().contains("total"))
        let decoded = try JSONDecoder().decode(SavingsSummary.self, from: JSONEncoder().encode(report))
        #expect(decoded == report)
    }
}

@Suite("Savings summary builder", .timeLimit(.minutes(1)))
struct CostSummaryBuilderTests {
    @Test("billed items, response-cache answers and minimum inputs land in their provider/model rows")
    func build() throws {
        var builder = SavingsSummaryBuilder(priceBook: try PriceBook.bundled())
        builder.events = .init(published: 3, accepted: 3)
        builder.results.record(.succeeded)
        let usage = Providers.TokenUsage.anthropic(
            inputTokens: 100, cacheCreationInputTokens: 0, cacheReadInputTokens: 2_000,
            ephemeral5mInputTokens: nil, ephemeral1hInputTokens: nil, outputTokens: 50)
        try builder.addBilled(usage, provider: .anthropic, model: "claude-sonnet-4-5", mode: .batch)
        try builder.addResponseCacheAnswer(usage, provider: .anthropic, model: "claude-sonnet-4-5")
        try builder.addBilled(.openAI(promptTokens: 3_000, cachedTokens: 2_048, cacheWriteTokens: nil, completionTokens: 200), provider: .openai, model: "gpt-5-mini", mode: .batch)
        builder.addMinimumInput(MinimumCostInput(
            provider: .openai, model: "gpt-5-mini", prefixGroup: "p", promptTokens: 3_000, outputTokens: 200,
            estimatedPrefixTokens: 0, estimatedPromptTokens: 3_000))
        let report = try builder.build()
        #expect(report.rows.map(\.model) == ["claude-sonnet-4-5", "gpt-5-mini"])
        #expect(report.rows[0].requests == 2)
        // Billed 0.000825; the response-cache answer adds its 0.00705 baseline and bills nothing.
        #expect(report.rows[0].figures.actual == usd("0.000825"))
        #expect(report.rows[0].figures.baseline == usd("0.0141"))
        #expect(report.rows[0].figures.breakdown.dedupeSavings == usd("0.00705"))
        // Plain batch minimum for gpt-5-mini: 3,000 × 0.125 + 200 × 1.00.
        #expect(report.rows[1].figures.minimum == usd("0.000575"))
        #expect(report.totals.saved == report.totals.batchDiscountAndRest)
    }
}

extension SavingsSummary.Figures {
    /// The three savings parts summed, for identity checks.
    var batchDiscountAndRest: Decimal { breakdown.batchDiscount + breakdown.cacheSavings + breakdown.dedupeSavings }
}
