import Foundation
@testable import Planning
@testable import Providers
import Testing

/// OpenAI routes by prefix and `prompt_cache_key` and overflows a key past about 15 requests a
/// minute (providers.md §2.5): the planner spreads a fan-out over keys, each primed, where the
/// primers cost less than the overflow it expects.
@Suite("Batch planner: OpenAI cache keys", .timeLimit(.minutes(1)))
struct PlannerOpenAIRoutesTests {
    let book: PriceBook
    let definitions = String(repeating: "Field definitions and worked examples. ", count: 200)

    init() throws {
        book = try PriceBook.bundled()
    }

    func inputs(_ count: Int) -> [PlannerInput] {
        (0..<count).map { index in
            let request = LLMRequest.chat(
                customID: "o\(index)", model: "gpt-5-mini", system: [.text("You extract fields."), .text(definitions)],
                messages: [ChatMessage(role: .user, content: [.text("Extract."), .text("Document \(index): pay \(index) EUR")])])
            return PlannerInput(request: request, estimatedInputTokens: TokenEstimator.standard.promptTokens(of: request))
        }
    }

    func bucket(_ inputs: [PlannerInput]) -> BucketKey {
        BucketKey(provider: .openai, model: "gpt-5-mini", kind: .chat, prefixGroup: RequestRenderer.prefixGroup(of: inputs[0].request))
    }

    func planner(overflowMisses: Double = 4) -> BatchPlanner {
        BatchPlanner(
            priceBook: book, settings: PlannerSettings(expectedTurnaround: .seconds(600), openAIOverflowMisses: overflowMisses))
    }

    /// Requests per key, in first-use order.
    func perKey(_ requests: [LLMRequest]) -> [(key: String, count: Int)] {
        var order: [String] = []
        var counts: [String: Int] = [:]
        for request in requests {
            let key = request.promptCacheKey ?? "-"
            if counts[key] == nil { order.append(key) }
            counts[key, default: 0] += 1
        }
        return order.map { ($0, counts[$0] ?? 0) }
    }

    @Test("a cold fan-out of 59 primes four keys, then sends 14 or fewer on each once they are warm")
    func coldFanOut() throws {
        let all = inputs(59)
        let key = bucket(all)
        let hash = key.prefixGroup
        let cold = planner().plan(all, bucket: key, warmth: .cold)
        #expect(cold.requests.isEmpty)
        #expect(cold.primers.map(\.customID) == ["o0", "o15", "o30", "o45"])
        let keys = [hash, "\(hash)~1", "\(hash)~2", "\(hash)~3"]
        #expect(cold.primers.map(\.promptCacheKey) == keys)
        // The primer plan names every key it warms, so the pipeline counts each warm by name.
        let named = Set(cold.prefix?.breakpoints?.map(\.hash) ?? [])
        let wanted = Set(keys)
        #expect(wanted.isSubset(of: named))

        let primed = Set(cold.primers.map(\.customID))
        let rest = all.filter { !primed.contains($0.request.customID) }
        let warm = planner().plan(rest, bucket: key, warmth: PrefixWarmth(warm: Set(keys)))
        #expect(warm.primers.isEmpty)
        #expect(warm.requests.count == 55)
        let spread = perKey(warm.requests)
        #expect(spread.map(\.key) == keys)
        #expect(spread.allSatisfy { $0.count <= 14 }, "\(spread)")
    }

    @Test("where overflow is not expected to cost more than the extra primers, one key carries the fan-out")
    func overflowCheap() throws {
        let all = inputs(59)
        let key = bucket(all)
        let cold = planner(overflowMisses: 2).plan(all, bucket: key, warmth: .cold)
        #expect(cold.primers.map(\.customID) == ["o0"])
        #expect(cold.primers.first?.promptCacheKey == key.prefixGroup)
        let warm = planner(overflowMisses: 2).plan(Array(all.dropFirst()), bucket: key, warmth: PrefixWarmth(warm: [key.prefixGroup]))
        #expect(perKey(warm.requests).map(\.key) == [key.prefixGroup])
    }

    @Test("a fan-out one key can carry keeps one key; a warm key short of room opens primed keys beside it")
    func smallAndGrowing() throws {
        let small = inputs(14)
        let key = bucket(small)
        let hash = key.prefixGroup
        let warmSmall = planner().plan(small, bucket: key, warmth: PrefixWarmth(warm: [hash]))
        #expect(perKey(warmSmall.requests).map(\.key) == [hash])
        let coldSmall = planner().plan(inputs(15), bucket: key, warmth: .cold)
        #expect(coldSmall.primers.count == 1)

        // 40 requests, only the first key warm: 14 on it, the rest over two new keys, each primed.
        let growing = planner().plan(inputs(40), bucket: key, warmth: PrefixWarmth(warm: [hash]))
        #expect(growing.requests.isEmpty)
        #expect(growing.primers.map(\.promptCacheKey) == ["\(hash)~1", "\(hash)~2"])
        let named = Set(growing.prefix?.breakpoints?.map(\.hash) ?? [])
        let opened: Set = ["\(hash)~1", "\(hash)~2"]
        #expect(named.isSuperset(of: opened))
    }

    @Test("key counts: warm room first, new keys only while their primers cost less than the overflow")
    func routeCount() {
        let planner = planner()
        #expect(planner.openAIRouteCount(requests: 59, warmKeys: 0, canPrime: true) == 4)
        #expect(planner.openAIRouteCount(requests: 59, warmKeys: 0, canPrime: false) == 1)
        #expect(planner.openAIRouteCount(requests: 15, warmKeys: 0, canPrime: true) == 1)
        #expect(planner.openAIRouteCount(requests: 55, warmKeys: 4, canPrime: true) == 4)
        #expect(planner.openAIRouteCount(requests: 10, warmKeys: 4, canPrime: true) == 1)
        #expect(planner.openAIRouteCount(requests: 40, warmKeys: 1, canPrime: true) == 3)
        // 61 requests would need five keys, four extra primers: not fewer than the 4 misses expected.
        #expect(planner.openAIRouteCount(requests: 60, warmKeys: 0, canPrime: true) == 4)
        #expect(planner.openAIRouteCount(requests: 61, warmKeys: 0, canPrime: true) == 1)
    }

    @Test("the learnt overflow misses start at the prior and follow the ledger")
    func learnt() {
        let settings = PlannerSettings(expectedTurnaround: .seconds(600))
        #expect(settings.observedOverflowMisses(keys: 0, misses: 0) == 4)
        #expect(settings.observedOverflowMisses(keys: 3, misses: 0) == 2)
        #expect(abs(settings.observedOverflowMisses(keys: 300, misses: 3_000) - 9.94) < 0.01)
    }
}
