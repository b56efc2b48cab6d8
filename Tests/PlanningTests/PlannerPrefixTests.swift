import Foundation
@testable import Planning
import Providers
import Testing

@Suite("Planner: breakpoints from prefix analysis, TTL by reuse, warm chains", .timeLimit(.minutes(1)))
struct PlannerPrefixTests {
    let book: PriceBook
    /// About 3k estimated tokens shared by every task.
    let preamble = String(repeating: "Acme house rules: cite sources, never guess amounts, write plain English. ", count: 160)

    init() throws {
        book = try PriceBook.bundled()
    }

    func planner(turnaround: Duration = .seconds(60)) -> BatchPlanner {
        BatchPlanner(priceBook: book, settings: PlannerSettings(expectedTurnaround: turnaround))
    }

    func instructions(_ task: String, paragraphs: Int) -> String {
        (0..<paragraphs).map { "Task \(task), rule \($0): read the document and report every field carefully." }.joined(separator: "\n")
    }

    func inputs(_ requests: [LLMRequest]) -> [PlannerInput] {
        requests.map { PlannerInput(request: $0, estimatedInputTokens: TokenEstimator.standard.promptTokens(of: $0)) }
    }

    func bucket(_ provider: Provider, _ request: LLMRequest) -> BucketKey {
        BucketKey(provider: provider, model: request.model, kind: request.kind, prefixGroup: RequestRenderer.prefixGroup(of: request))
    }

    /// Raw mode: instructions and document in one user block.
    func singleBlock(_ index: Int, task: String = "A", paragraphs: Int = 100, model: String = "claude-sonnet-4-5") -> LLMRequest {
        LLMRequest.chat(
            customID: "\(task)\(index)", model: model, system: [],
            messages: [.user(instructions(task, paragraphs: paragraphs) + "\n\nDocument \(index): invoice for \(index * 13) EUR.")])
    }

    /// Task mode with a shared preamble: system = [preamble, task instructions].
    func preambled(_ index: Int, task: String, preamble: String? = nil) -> LLMRequest {
        LLMRequest.chat(
            customID: "\(task)\(index)", model: "claude-sonnet-4-5",
            system: [.text(preamble ?? self.preamble), .text(instructions(task, paragraphs: 80))],
            messages: [.user("Document \(index) for \(task)")])
    }

    @Test("single-block requests: the common instructions split off, one primer, then a breakpoint at their end")
    func singleBlockSplit() throws {
        let requests = (0..<10).map { singleBlock($0) }
        let key = bucket(.anthropic, requests[0])
        let cold = planner().plan(inputs(requests), bucket: key, warmth: .cold)
        #expect(cold.primers.count == 1)
        let primer = try #require(cold.primer)
        #expect(primer.messages[0].content.count == 2)
        #expect(primer.messages[0].content[0].text == instructions("A", paragraphs: 100) + "\n\n")
        #expect(primer.messages[0].content.map(\.cache) == [.fiveMinutes, nil])
        let breakpoints = try #require(cold.prefix?.breakpoints)
        #expect(breakpoints.count == 1)
        #expect(breakpoints[0].requestCount == 10)

        // Once warm, every request goes out split with the same mark; the text is unchanged.
        let warm = planner().plan(inputs(Array(requests.dropFirst())), bucket: key, warmth: PrefixWarmth(warm: [breakpoints[0].hash]))
        #expect(warm.primers.isEmpty)
        #expect(warm.requests.count == 9)
        for (planned, original) in zip(warm.requests, requests.dropFirst()) {
            #expect(planned.messages[0].content.map(\.cache) == [.fiveMinutes, nil])
            #expect(planned.messages[0].content.compactMap(\.text).joined() == original.messages[0].content[0].text)
            #expect(PrefixChain(of: planned).links.last?.hash == breakpoints[0].hash)
        }
    }

    @Test("two families of single-block requests: one primer per cold family, in one plan")
    func primerPerSubGroup() throws {
        let requests = (0..<8).map { singleBlock($0, task: $0 % 2 == 0 ? "A" : "B") }
        let key = bucket(.anthropic, requests[0])
        let cold = planner().plan(inputs(requests), bucket: key, warmth: .cold)
        #expect(cold.primers.map(\.customID) == ["A0", "B1"])
        #expect(cold.prefix?.breakpoints?.count == 2)
        // One family warm: its members go out, the other's primer still comes first.
        let hashes = try #require(cold.prefix?.breakpoints).map(\.hash)
        let half = planner().plan(inputs(requests), bucket: key, warmth: PrefixWarmth(warm: [hashes[0]]))
        #expect(half.primers.map(\.customID) == ["B1"])
        let all = planner().plan(inputs(requests), bucket: key, warmth: PrefixWarmth(warm: Set(hashes)))
        // Members of one family travel together, journal order within.
        #expect(all.requests.map(\.customID) == ["A0", "A2", "A4", "A6", "B1", "B3", "B5", "B7"])
    }

    @Test("a family too small to pay back its write gets no split breakpoint")
    func smallFamilyNotCached() {
        // Two cold requests without a primer: at a 30% hit rate the write premium is not repaid.
        let pair = [singleBlock(0, task: "A"), singleBlock(1, task: "A")]
        let plan = planner().plan(inputs(pair), bucket: bucket(.anthropic, pair[0]), warmth: .cold)
        #expect(plan.primers.isEmpty && plan.prefix == nil)
        #expect(plan.requests.allSatisfy { $0.cacheMarks.isEmpty && $0.messages[0].content.count == 1 })
    }

    @Test("a preamble other buckets read later gets its own 1-hour breakpoint before the bucket's 5-minute one")
    func preambleBreakpoint() throws {
        let requests = (0..<6).map { preambled($0, task: "classify") }
        let key = bucket(.anthropic, requests[0])
        let hashes = PrefixAnalysis.chainHashes(of: requests[0])
        #expect(hashes.count == 2 && hashes[1] == key.prefixGroup)

        // Alone: one breakpoint at the end of the shared part, 5 minutes (readers within the turnaround).
        let alone = planner().plan(inputs(requests), bucket: key, warmth: .cold)
        #expect(alone.primer?.system.map(\.cache) == [nil, .fiveMinutes])

        // Two other buckets (12 requests) share the preamble: it gets a 1-hour breakpoint.
        let shared = planner().plan(inputs(requests), bucket: key, warmth: PrefixWarmth(laterReaders: [hashes[0]: 12]))
        let primer = try #require(shared.primer)
        #expect(primer.system.map(\.cache) == [.oneHour, .fiveMinutes])
        #expect(shared.prefix?.breakpoints?.map(\.hash) == hashes)
        #expect(shared.prefix?.breakpoints?.map(\.ttl) == [.oneHour, .fiveMinutes])

        // Another bucket's primer already wrote the preamble: still marked (read, and kept alive),
        // and this bucket's primer writes only its own part.
        let warmPreamble = planner().plan(inputs(requests), bucket: key, warmth: PrefixWarmth(warm: [hashes[0]]))
        #expect(warmPreamble.primer?.system.map(\.cache) == [.oneHour, .fiveMinutes])

        // Both warm: no primer, every request reads.
        let warm = planner().plan(inputs(requests), bucket: key, warmth: PrefixWarmth(warm: Set(hashes)))
        #expect(warm.primers.isEmpty && warm.requests.count == 6)

        // A preamble under the model's minimum gets no breakpoint of its own.
        let short = (0..<6).map { preambled($0, task: "classify", preamble: "Acme house rules.") }
        let shortHashes = PrefixAnalysis.chainHashes(of: short[0])
        let plan = planner().plan(inputs(short), bucket: bucket(.anthropic, short[0]), warmth: PrefixWarmth(laterReaders: [shortHashes[0]: 12]))
        #expect(plan.primer?.system.map(\.cache) == [nil, .fiveMinutes])
    }

    @Test("TTL by reuse: 1 hour when the bucket's own prefix is read by a later flush, 5 minutes when not")
    func ttlByReuse() {
        let requests = (0..<6).map { preambled($0, task: "extract") }
        let key = bucket(.anthropic, requests[0])
        let now = planner().plan(inputs(requests), bucket: key, warmth: .cold)
        #expect(now.prefix?.ttl == .fiveMinutes)
        let later = planner().plan(inputs(requests), bucket: key, warmth: PrefixWarmth(laterReaders: [key.prefixGroup: 500]))
        #expect(later.prefix?.ttl == .oneHour)
        #expect(later.primer?.system.map(\.cache) == [nil, .oneHour])
        // A slow provider needs the 1-hour entry even for the fan-out.
        let slow = planner(turnaround: .seconds(3_600)).plan(inputs(requests), bucket: key, warmth: .cold)
        #expect(slow.primer?.system.map(\.cache) == [nil, .oneHour])
    }

    @Test("at most 4 breakpoints: planned ones first, producer hints earliest first, 1 hour before 5 minutes")
    func breakpointLimit() throws {
        let request = LLMRequest.chat(
            customID: "h", model: "claude-sonnet-4-5",
            system: [.text(preamble, cache: .fiveMinutes), .text(instructions("x", paragraphs: 60))],
            messages: [
                ChatMessage(
                    role: .user,
                    content: [.text("Example 1", cache: .oneHour), .text("Example 2", cache: .fiveMinutes), .text("Example 3", cache: .fiveMinutes), .text("Doc", cache: .fiveMinutes)])
            ])
        let links = PrefixChain(of: request).links
        let marked = BatchPlanner.anthropicMarked(
            request, planned: [(links[0].slot, .oneHour), (links[4].slot, .fiveMinutes)])
        #expect(marked.cacheMarks.count == 4)
        #expect(marked.system.map(\.cache) == [.oneHour, nil])
        // Hints before the deepest planned mark take at least its TTL; the last hint is dropped.
        #expect(marked.messages[0].content.map(\.cache) == [.oneHour, .fiveMinutes, .fiveMinutes, nil])
    }

    @Test("OpenAI: families of single-block requests get their own cache key and no split; Gemini gets the split, no key")
    func openAIFamilies() throws {
        let requests = (0..<8).map { singleBlock($0, task: $0 % 2 == 0 ? "A" : "B", model: "gpt-5-mini") }
        let key = bucket(.openai, requests[0])
        let plan = planner().plan(inputs(requests), bucket: key, warmth: .allWarm)
        #expect(plan.primers.isEmpty)
        let keys = plan.requests.map { $0.promptCacheKey ?? "" }
        #expect(Set(keys).count == 2)
        #expect(Array(keys.prefix(4)).allSatisfy { $0 == keys[0] })
        #expect(plan.requests.allSatisfy { $0.messages[0].content.count == 1 && $0.cacheMarks.isEmpty })
        // Gemini's implicit cache works on part boundaries: the common part becomes a part of its own, unmarked.
        let gemini = (0..<8).map { singleBlock($0, task: $0 % 2 == 0 ? "A" : "B", paragraphs: 200, model: "gemini-2.5-flash") }
        let geminiPlan = planner().plan(inputs(gemini), bucket: bucket(.gemini, gemini[0]), warmth: .allWarm)
        #expect(geminiPlan.requests.count == 8)
        #expect(geminiPlan.requests.allSatisfy { $0.messages[0].content.count == 2 && $0.cacheMarks.isEmpty && $0.promptCacheKey == nil })
    }

    @Test("planning 100k single-block requests stays fast")
    func planningSpeed() {
        let instructions = instructions("P", paragraphs: 80) + "\n\n"
        let template = LLMRequest.chat(customID: "x", model: "claude-sonnet-4-5", system: [.text("You extract fields.")], messages: [.user("")])
        let key = bucket(.anthropic, template)
        let all = (0..<100_000).map { index -> PlannerInput in
            var request = template
            request.customID = "p\(index)"
            request.messages[0].content[0] = .text(instructions + "Document \(index).")
            return PlannerInput(request: request, estimatedInputTokens: 2_000, prefixGroup: key.prefixGroup)
        }
        let clock = ContinuousClock()
        var sent = 0
        let elapsed = clock.measure {
            var start = 0
            while start < all.count {
                let chunk = Array(all[start..<min(start + 10_000, all.count)])
                start += chunk.count
                sent += planner().plan(chunk, bucket: key, warmth: .allWarm).requests.count
            }
        }
        #expect(sent == 100_000)
        // Debug build on a shared 2-core machine; the release figure is in the report.
        #expect(elapsed < .seconds(20))
    }
}
