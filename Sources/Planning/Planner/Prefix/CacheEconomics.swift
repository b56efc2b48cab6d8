import Foundation
import Providers

/// A model's batch prices per prefix token, reduced to what a breakpoint decision weighs: the
/// premium of writing over plain input (per TTL) and the saving of reading over plain input.
struct CacheEconomics: Sendable {
    var input: Decimal
    var read: Decimal
    /// Anthropic's 5-minute write, or the single write price (the input price where the book
    /// lists none: OpenAI before GPT-5.6 and Gemini implicit caching write for free).
    var write5m: Decimal
    /// Anthropic's 1-hour write; the single write price elsewhere.
    var write1h: Decimal
    /// Share of a cold batch's requests after the first expected to hit without a primer.
    var coldHitRatio: Decimal
    /// Smallest cold group that gets a primer.
    var primerMinimumGroup: Int

    /// The economics of `provider`'s `model` at the price tier of `promptTokens`; `nil` when the
    /// book lists no cache read price (nothing to gain) or no write price Anthropic needs.
    init?(priceBook: PriceBook, provider: Provider, model: String, promptTokens: Int, settings: PlannerSettings) {
        guard let rates = try? priceBook.rates(provider: provider, model: model, mode: .batch, promptTokens: promptTokens),
            let read = rates.cacheRead
        else { return nil }
        input = rates.input
        self.read = read
        switch provider {
        case .anthropic:
            guard let short = rates.cacheWrite5m, let long = rates.cacheWrite1h else { return nil }
            write5m = short
            write1h = long
        case .openai, .gemini:
            write5m = rates.cacheWrite ?? rates.input
            write1h = write5m
        }
        coldHitRatio = Decimal(settings.coldBatchHitRatio)
        primerMinimumGroup = settings.primerMinimumGroup
    }

    /// Extra cost per token of writing at `ttl` rather than sending the token uncached.
    func premium(_ ttl: CacheMark) -> Decimal { (ttl.ttl == .oneHour ? write1h : write5m) - input }
    /// Saving per token of each read.
    var readSaving: Decimal { input - read }

    /// Whether a prefix pays, and with a primer, given `members` requests of this plan running
    /// through it and `later` requests expected to read it afterwards (other buckets, later
    /// flushes): the formulas of ``BatchPlanner/decide(_:provider:model:kind:warm:)`` with the
    /// later readers added as reads.
    func verdict(members: Int, later: Int, warm: Bool, ttl: CacheMark) -> (cache: Bool, primer: Bool) {
        let saving = readSaving
        guard saving > 0 else { return (false, false) }
        if warm { return (true, false) }
        let premium = self.premium(ttl)
        let others = Decimal(max(members - 1, 0))
        let afterwards = Decimal(later)
        if members >= primerMinimumGroup {
            return (premium < (others + afterwards) * saving, true)
        }
        let expected = premium + others * ((1 - coldHitRatio) * premium - coldHitRatio * saving) - afterwards * saving
        return (expected < 0, false)
    }
}
