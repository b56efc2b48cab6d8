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
    func keyCounts() {
        let planner = planner()
        func counts(_ requests: Int, warmKeys: Int = 0, primable: Bool = true, load: [String: Int] = [:]) -> [Int] {
            planner.openAIKeys(
                requests: requests, key: "p", warm: warmKeys > 0, primable: primable,
                isWarm: { key in (0..<warmKeys).contains { BatchPlanner.routeKey("p", $0) == key } },
                load: { load[$0] ?? 0 }
            ).map(\.count)
        }
        #expect(counts(59) == [15, 15, 15, 14])
        #expect(counts(59, primable: false) == [59])
        #expect(counts(15) == [15])
        #expect(counts(55, warmKeys: 4) == [14, 14, 14, 13])
        #expect(counts(10, warmKeys: 4) == [10])
        #expect(counts(40, warmKeys: 1) == [14, 13, 13])
        #expect(counts(60) == [15, 15, 15, 15])
        // 61 requests would need five keys, four extra primers: not fewer than the 4 misses expected.
        #expect(counts(61) == [61])
        // One overflowing request is not worth a primer.
        #expect(counts(16) == [16])
    }

    @Test("a key a running batch still loads is left aside: the fan-out goes to keys with room, priming new ones")
    func busyKeys() {
        let planner = planner()
        let busy = planner.openAIKeys(
            requests: 20, key: "p", warm: true, primable: true, isWarm: { $0 == "p" || $0 == "p~1" },
            load: { $0 == "p" ? 40 : 0 })
        #expect(busy.map(\.index) == [1, 2])
        #expect(busy.map(\.count) == [14, 6])
        #expect(busy.map(\.cold) == [false, true])
        // Every warm key busy: a cold start on fresh keys.
        let allBusy = planner.openAIKeys(
            requests: 5, key: "p", warm: true, primable: true, isWarm: { $0 == "p" }, load: { $0 == "p" ? 14 : 0 })
        #expect(allBusy.map(\.index) == [1])
        #expect(allBusy.map(\.cold) == [true])
    }

    @Test("the learnt overflow misses start at the prior and follow the ledger")
    func learnt() {
        let settings = PlannerSettings(expectedTurnaround: .seconds(600))
        #expect(settings.observedOverflowMisses(keys: 0, misses: 0) == 4)
        #expect(settings.observedOverflowMisses(keys: 3, misses: 0) == 2)
        #expect(abs(settings.observedOverflowMisses(keys: 300, misses: 3_000) - 9.94) < 0.01)
    }
}
