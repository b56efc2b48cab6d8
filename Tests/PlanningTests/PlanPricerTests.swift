import Foundation
@testable import Planning
@testable import Providers
import Testing

/// `sluice estimate`'s planned figure, worked by hand from the bundled price book (batch, per
/// million tokens): claude-sonnet-4-5 input 1.50, 1-hour write 3.00, 5-minute write 1.875, read
/// 0.15, output 7.50; gpt-5-mini input and write 0.125, read 0.0125, output 1.00;
/// gemini-2.5-flash input 0.15, read 0.03, output 1.25, storage 1.00 per million tokens an hour.
@Suite("Plan pricer", .timeLimit(.minutes(1)))
struct PlanPricerTests {
    let book: PriceBook

    init() throws {
        book = try PriceBook.bundled()
    }

    /// 6,000 characters: 1,500 estimated tokens.
    static let block = String(repeating: "Rules. ", count: 857) + "E"
    /// 400 characters: 100 tokens.
    static func document(_ number: Int) -> String { String(repeating: "word ", count: 79) + String(format: "n%04d", number) }

    func item(_ request: LLMRequest) -> PlanPricer.Item {
        PlanPricer.Item(request: request, promptTokens: TokenEstimator.standard.promptTokens(of: request), outputTokens: 50)
    }

    @Test("Anthropic: the primer writes each marked prefix at its TTL's price; later rounds read the deepest")
    func anthropic() throws {
        #expect(Self.block.count == 6_000)
        func request(_ number: Int) -> LLMRequest {
            .chat(
                customID: "a\(number)", model: "claude-sonnet-4-5",
                system: [.text(Self.block, cache: CacheMark(ttl: .oneHour)), .text(Self.block, cache: CacheMark(ttl: .fiveMinutes))],
                messages: [ChatMessage(role: .user, content: [.text(Self.document(number))])])
        }
        var pricer = PlanPricer(priceBook: book, provider: .anthropic, model: "claude-sonnet-4-5")
        // 1,500 × 3.00 + 1,500 × 1.875 + 100 × 1.50 + 50 × 7.50; the second request of the round
        // runs beside the first and reads nothing.
        let primers = try pricer.price(round: [item(request(1)), item(request(2))], prefix: nil)
        #expect(primers.map(\.cost) == [Decimal(string: "0.0078375"), Decimal(string: "0.0078375")])
        // 3,000 × 0.15 + 100 × 1.50 + 50 × 7.50.
        let fanOut = try pricer.price(round: [item(request(3))], prefix: nil)
        #expect(fanOut.map(\.cost) == [Decimal(string: "0.000975")])
        #expect(fanOut.map(\.cachedTokens) == [3_000])
        // Unmarked: nothing cached, batch input throughout.
        var plain = request(4)
        plain.system = plain.system.map { var block = $0; block.cache = nil; return block }
        let unmarked = try pricer.price(round: [item(plain)], prefix: nil)
        // 3,100 × 1.50 + 50 × 7.50.
        #expect(unmarked.map(\.cost) == [Decimal(string: "0.005025")])
        #expect(unmarked.map(\.cachedTokens) == [0])
    }

    @Test("OpenAI: a key reads what an earlier round wrote under the same key, not under another")
    func openAI() throws {
        func request(_ number: Int, key: String?) -> LLMRequest {
            var request = LLMRequest.chat(
                customID: "o\(number)", model: "gpt-5-mini", system: [.text(Self.block)],
                messages: [ChatMessage(role: .user, content: [.text(Self.document(number))])])
            request.promptCacheKey = key
            return request
        }
        var pricer = PlanPricer(priceBook: book, provider: .openai, model: "gpt-5-mini")
        // 1,600 × 0.125 + 50 × 1.00.
        let first = try pricer.price(round: [item(request(1, key: "k"))], prefix: nil)
        #expect(first.map(\.cost) == [Decimal(string: "0.00025")])
        // Read: 1,500 × 0.0125 + 100 × 0.125 + 50.
        let second = try pricer.price(round: [item(request(2, key: "k")), item(request(3, key: "k~1")), item(request(4, key: nil))], prefix: nil)
        #expect(second.map(\.cost) == [Decimal(string: "0.00008125"), Decimal(string: "0.00025"), Decimal(string: "0.00025")])
        #expect(second.map(\.cachedTokens) == [1_500, 1_500, 0])
        let third = try pricer.price(round: [item(request(5, key: "k~1"))], prefix: nil)
        #expect(third.map(\.cost) == [Decimal(string: "0.00008125")])
    }

    @Test("Gemini: an explicit cache is read by every request and its storage shared; implicit reads what was sent before")
    func gemini() throws {
        let system = String(repeating: "Rules. ", count: 1_142) + "Fin.Ok"  // 8,000 characters: 2,000 tokens
        #expect(system.count == 8_000)
        func request(_ number: Int) -> LLMRequest {
            .chat(
                customID: "g\(number)", model: "gemini-2.5-flash", system: [.text(system)],
                messages: [ChatMessage(role: .user, content: [.text(Self.document(number))])])
        }
        let explicit = PlannedPrefix(
            hash: "g", estimatedTokens: 2_000, ttl: CacheMark(ttl: .fiveMinutes), requestCount: 2,
            explicitCache: ExplicitCachePlan(ttlSeconds: 3_600))
        var withCache = PlanPricer(priceBook: book, provider: .gemini, model: "gemini-2.5-flash")
        // Storage 2,000 × 1 h × 1.00 = 0.002, half each; 2,000 × 0.03 + 100 × 0.15 + 50 × 1.25.
        let both = try withCache.price(round: [item(request(1)), item(request(2))], prefix: explicit)
        #expect(both.map(\.cost) == [Decimal(string: "0.0011375"), Decimal(string: "0.0011375")])

        // Implicit: a longer prefix (10,000 characters, 2,500 tokens). 2,600 × 0.15 + 50 × 1.25
        // when first sent, then 2,500 × 0.03 + 100 × 0.15 + 50 × 1.25.
        let long = system + String(repeating: "More. ", count: 333) + "Ok"
        #expect(long.count == 10_000)
        func longRequest(_ number: Int) -> LLMRequest {
            .chat(
                customID: "l\(number)", model: "gemini-2.5-flash", system: [.text(long)],
                messages: [ChatMessage(role: .user, content: [.text(Self.document(number))])])
        }
        var implicit = PlanPricer(priceBook: book, provider: .gemini, model: "gemini-2.5-flash")
        let sent = try implicit.price(round: [item(longRequest(3))], prefix: nil)
        let after = try implicit.price(round: [item(longRequest(4))], prefix: nil)
        #expect(sent.map(\.cost) == [Decimal(string: "0.0004525")])
        #expect(after.map(\.cost) == [Decimal(string: "0.0001525")])
        // Under the model's 2,048-token minimum, nothing is ever read.
        _ = try implicit.price(round: [item(request(5))], prefix: nil)
        let short = try implicit.price(round: [item(request(6))], prefix: nil)
        #expect(short.map(\.cachedTokens) == [0])
    }
}
