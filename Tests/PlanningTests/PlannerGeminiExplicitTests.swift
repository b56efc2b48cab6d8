import Foundation
@testable import Planning
@testable import Providers
import Testing

@Suite("Batch planner: Gemini explicit caches", .timeLimit(.minutes(1)))
struct PlannerGeminiExplicitTests {
    /// Settings that doubt implicit caching: half of a sent prefix expected read (the numbers
    /// below are worked at that prior; the default, 0.9, rarely makes explicit pay on a cold start).
    static func doubtful(turnaround: Duration = .seconds(3_600)) -> PlannerSettings {
        var settings = PlannerSettings(expectedTurnaround: turnaround)
        settings.geminiImplicitHitRatio = 0.5
        return settings
    }

    static var doubtful: PlannerSettings { doubtful() }

    let book: PriceBook
    let model = "gemini-2.5-flash"

    init() throws {
        book = try PriceBook.bundled()
    }

    /// `count` requests sharing a system prompt of about `prefixTokens` estimated tokens (4
    /// characters a token) and a leading block, each ending in its own document.
    func requests(count: Int, prefixTokens: Int, toolChoice: ToolChoice? = nil) -> [LLMRequest] {
        let definitions = String(repeating: "Defs. ", count: prefixTokens * 4 / 6)
        return (0..<count).map { index in
            var request = LLMRequest.chat(
                customID: "g\(index)", model: model, system: [.text(definitions)],
                messages: [ChatMessage(role: .user, content: [.text("Summarize."), .text("Document \(index): the quarterly report")])])
            request.toolChoice = toolChoice
            return request
        }
    }

    func planner(_ settings: PlannerSettings = Self.doubtful) -> BatchPlanner {
        BatchPlanner(priceBook: book, settings: settings)
    }

    func plan(_ requests: [LLMRequest], warm: Bool = false, settings: PlannerSettings = Self.doubtful)
        -> BucketPlan
    {
        planner(settings).plan(inputs(requests), bucket: key(requests), prefixWarm: warm)
    }

    func inputs(_ requests: [LLMRequest]) -> [PlannerInput] {
        requests.map { PlannerInput(request: $0, estimatedInputTokens: TokenEstimator.standard.promptTokens(of: $0)) }
    }

    func key(_ requests: [LLMRequest]) -> BucketKey {
        BucketKey(provider: .gemini, model: model, kind: .chat, prefixGroup: RequestRenderer.prefixGroup(of: requests[0]))
    }

    @Test("a large group over a long prefix takes an explicit cache: all requests at once, no primer, TTL from the turnaround")
    func explicitChosen() throws {
        let group = requests(count: 40, prefixTokens: 12_000)
        let planned = plan(group)
        #expect(planned.primer == nil)
        #expect(planned.requests.count == 40)
        let prefix = try #require(planned.prefix)
        // 1 hour expected turnaround × 1.5.
        #expect(prefix.explicitCache == ExplicitCachePlan(ttlSeconds: 5_400))
        // The planner leaves the requests whole: the submitter rewrites them once the cache exists.
        #expect(planned.requests.allSatisfy { $0.cachedContent == nil && !$0.system.isEmpty })
        // The choice survives in the stored plan.
        let decoded = try JSONDecoder().decode(BucketPlan.self, from: try JSONEncoder().encode(planned))
        #expect(decoded.prefix?.explicitCache?.ttlSeconds == 5_400)
    }

    @Test("the comparison is the documented arithmetic at the price book's prices")
    func arithmetic() throws {
        let group = requests(count: 40, prefixTokens: 12_000)
        let planner = planner()
        let decision = planner.decide(inputs(group), provider: .gemini, model: model, kind: .chat, warm: false)
        #expect(decision.primer)
        let comparison = try #require(
            planner.explicitCacheComparison(inputs(group), bucket: key(group), decision: decision, warm: false))
        let tokens = Decimal(decision.prefixTokens)
        // Flash batch: input 0.15, cache read 0.03, storage 1.00 per million tokens (per hour).
        let explicit = tokens * (Decimal(string: "1.5")! * 1 + 40 * Decimal(string: "0.03")!) / 1_000_000
        let primed = Decimal(string: "0.5")! * Decimal(string: "0.03")! + Decimal(string: "0.5")! * Decimal(string: "0.15")!
        let implicit = tokens * (Decimal(string: "0.15")! + 39 * primed) / 1_000_000
        #expect(comparison.explicit == explicit)
        #expect(comparison.implicit == implicit)
        #expect(comparison.explicit < comparison.implicit)
    }

    @Test("a small group does not repay the storage; neither does a large one when implicit caching is trusted")
    func explicitNotChosen() throws {
        let few = plan(requests(count: 5, prefixTokens: 12_000))
        #expect(few.prefix?.explicitCache == nil)
        #expect(few.primer != nil, "the implicit path keeps its primer")

        var trusting = PlannerSettings(expectedTurnaround: .seconds(3_600))
        trusting.geminiImplicitHitRatio = 1
        let trusted = plan(requests(count: 40, prefixTokens: 12_000), settings: trusting)
        #expect(trusted.prefix?.explicitCache == nil)

        // A long expected turnaround makes storage dear: 24 h × 1.5 of storage for 40 reads.
        let slow = plan(requests(count: 40, prefixTokens: 12_000), settings: Self.doubtful(turnaround: .seconds(86_400)))
        #expect(slow.prefix?.explicitCache == nil)
    }

    @Test("a prefix under the minimum with margin, a tool choice, or another provider never gets one")
    func neverPossible() throws {
        // Flash lists 2048 minimum; with the 1.15 margin 2,300 estimated tokens do not clear it.
        let short = plan(requests(count: 500, prefixTokens: 2_300))
        #expect(short.prefix?.explicitCache == nil)
        let clears = plan(requests(count: 500, prefixTokens: 2_500))
        #expect(clears.prefix?.explicitCache != nil)

        let tooled = plan(requests(count: 200, prefixTokens: 12_000, toolChoice: .auto))
        #expect(tooled.prefix?.explicitCache == nil)

        var anthropic = requests(count: 200, prefixTokens: 12_000)
        for index in anthropic.indices { anthropic[index].model = "claude-haiku-4-5" }
        let key = BucketKey(
            provider: .anthropic, model: "claude-haiku-4-5", kind: .chat, prefixGroup: RequestRenderer.prefixGroup(of: anthropic[0]))
        let other = planner().plan(inputs(anthropic), bucket: key, prefixWarm: false)
        #expect(other.prefix?.explicitCache == nil)
    }

    @Test("a warm implicit prefix needs more requests before explicit pays")
    func warmPrefix() throws {
        let group = requests(count: 20, prefixTokens: 12_000)
        let planner = planner()
        let cold = planner.decide(inputs(group), provider: .gemini, model: model, kind: .chat, warm: false)
        let warm = planner.decide(inputs(group), provider: .gemini, model: model, kind: .chat, warm: true)
        let coldCosts = try #require(planner.explicitCacheComparison(inputs(group), bucket: key(group), decision: cold, warm: false))
        let warmCosts = try #require(planner.explicitCacheComparison(inputs(group), bucket: key(group), decision: warm, warm: true))
        #expect(warmCosts.explicit == coldCosts.explicit)
        // Warm: the primer's full-price input is not paid either way.
        #expect(warmCosts.implicit < coldCosts.implicit)
    }

    @Test("the cached part is everything but the last block; a request naming the cache keeps only that block")
    func prefixSplit() throws {
        let tools = [ToolDefinition(name: "lookup", inputSchema: .object(["type": .string("object")]))]
        var request = LLMRequest.chat(
            customID: "a", model: model, system: [.text("System.", cache: .fiveMinutes)],
            messages: [
                .user("Example question."), .assistant("Example answer."),
                ChatMessage(role: .user, content: [.text("Instructions."), .text("Document A")]),
            ], tools: tools)
        let shared = try #require(ExplicitCachePrefix(of: request))
        #expect(shared.system == [.text("System.")])
        #expect(shared.tools == tools)
        #expect(
            shared.messages == [
                .user("Example question."), .assistant("Example answer."), ChatMessage(role: .user, content: [.text("Instructions.")]),
            ])
        let referencing = try #require(shared.referencing(request, cacheName: "cachedContents/abc"))
        #expect(referencing.cachedContent == "cachedContents/abc")
        #expect(referencing.system.isEmpty && referencing.tools.isEmpty)
        #expect(referencing.messages == [.user("Document A")])

        // Another shared part is never sent against this cache.
        request.system = [.text("Another system.")]
        #expect(shared.referencing(request, cacheName: "cachedContents/abc") == nil)
        // Nothing shared, nothing to cache.
        #expect(ExplicitCachePrefix(of: .chat(customID: "b", model: model, messages: [.user("Only this.")])) == nil)
    }
}
