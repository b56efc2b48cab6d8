import Foundation
@testable import Planning
import Providers
import Testing

@Suite("Batch planner", .timeLimit(.minutes(1)))
struct PlannerTests {
    let book: PriceBook
    /// Over 1,177 estimated tokens (1,024 × 1.15) once the instructions are added: cacheable on Sonnet 4.5.
    let definitions = String(repeating: "Label definitions and worked examples. ", count: 160)

    init() throws {
        book = try PriceBook.bundled()
    }

    func planner(turnaround: Duration = .seconds(3_600)) -> BatchPlanner {
        BatchPlanner(priceBook: book, settings: PlannerSettings(expectedTurnaround: turnaround))
    }

    /// A task-shaped request: shared system and instructions, the document last.
    func request(_ index: Int, model: String = "claude-sonnet-4-5", system: [Providers.ContentBlock]? = nil) -> LLMRequest {
        LLMRequest.chat(
            customID: "r\(index)", model: model,
            system: system ?? [.text("You classify documents."), .text(definitions)],
            messages: [ChatMessage(role: .user, content: [.text("Answer with one label."), .text("Document \(index): pay 10 EUR")])])
    }

    func inputs(_ requests: [LLMRequest]) -> [PlannerInput] {
        requests.map { PlannerInput(request: $0, estimatedInputTokens: TokenEstimator.standard.promptTokens(of: $0)) }
    }

    func bucket(_ provider: Provider, _ request: LLMRequest) -> BucketKey {
        BucketKey(provider: provider, model: request.model, kind: request.kind, prefixGroup: RequestRenderer.prefixGroup(of: request))
    }

    @Test("a cold 200-request Anthropic bucket sends a primer first, then every request with one breakpoint")
    func primerThenFanOut() throws {
        let requests = (0..<200).map { request($0) }
        let key = bucket(.anthropic, requests[0])
        let cold = planner().plan(inputs(requests), bucket: key, prefixWarm: false)

        let primer = try #require(cold.primer)
        #expect(cold.requests.isEmpty)
        #expect(primer.customID == "r0")
        #expect(primer.cacheMarks == [.oneHour])
        #expect(primer.messages[0].content[0].cache == .oneHour)
        let prefix = try #require(cold.prefix)
        #expect(prefix.hash == key.prefixGroup)
        #expect(prefix.ttl == .oneHour)
        #expect(prefix.requestCount == 200)
        #expect(prefix.estimatedTokens == ("You classify documents.".count + definitions.count + "Answer with one label.".count + 3) / 4)

        // The primer completed: the rest go out together and read the warm prefix.
        let warm = planner().plan(inputs(Array(requests.dropFirst())), bucket: key, prefixWarm: true)
        #expect(warm.primer == nil)
        #expect(warm.requests.map(\.customID) == requests.dropFirst().map(\.customID))
        for planned in warm.requests {
            #expect(planned.cacheMarks == [.oneHour])
            #expect(planned.messages[0].content[0].cache == .oneHour)
            #expect(planned.messages[0].content[1].cache == nil)
            #expect(planned.system.allSatisfy { $0.cache == nil })
        }
        #expect(warm.prefix?.requestCount == 199)
    }

    @Test("the breakpoint goes on the last system block when the final message has one block")
    func lastSystemBlock() throws {
        let requests = (0..<3).map {
            LLMRequest.chat(
                customID: "s\($0)", model: "claude-sonnet-4-5", system: [.text("Intro."), .text(definitions)],
                messages: [.user("Document \($0)")])
        }
        let plan = planner().plan(inputs(requests), bucket: bucket(.anthropic, requests[0]), prefixWarm: true)
        #expect(plan.requests.count == 3)
        for planned in plan.requests {
            #expect(planned.system.map(\.cache) == [nil, .oneHour])
            #expect(planned.messages[0].content[0].cache == nil)
        }
    }

    @Test("with few-shot turns before a one-block final message, the breakpoint ends the last earlier turn")
    func fewShot() throws {
        let requests = (0..<2).map {
            LLMRequest.chat(
                customID: "f\($0)", model: "claude-sonnet-4-5", system: [.text(definitions)],
                messages: [.user("Example: rent 500"), .assistant("invoice"), .user("Document \($0)")])
        }
        let plan = planner().plan(inputs(requests), bucket: bucket(.anthropic, requests[0]), prefixWarm: true)
        for planned in plan.requests {
            #expect(planned.cacheMarks.count == 1)
            #expect(planned.messages[1].content[0].cache == .oneHour)
        }
    }

    @Test("a plan never has more than 4 breakpoints; the planner's own is always among them")
    func breakpointLimit() throws {
        let hinted = (0..<6).map { Providers.ContentBlock.text("Part \($0). " + definitions, cache: .fiveMinutes) }
        let requests = (0..<4).map { index in
            var request = self.request(index, system: hinted)
            request.messages[0].content[1].cache = .oneHour  // a producer hint on the per-request part
            return request
        }
        for warm in [false, true] {
            for turnaround in [Duration.seconds(60), .seconds(3_600)] {
                let plan = planner(turnaround: turnaround).plan(inputs(requests), bucket: bucket(.anthropic, requests[0]), prefixWarm: warm)
                let sent = plan.primer.map { [$0] } ?? plan.requests
                #expect(!sent.isEmpty)
                for planned in sent {
                    #expect(planned.cacheMarks.count == 4)
                    #expect(planned.messages[0].content[0].cache != nil)
                    // 1-hour entries must come before 5-minute ones.
                    let ttls = planned.cacheMarks.map(\.ttl)
                    #expect(ttls == ttls.sorted { $0 == .oneHour && $1 == .fiveMinutes })
                }
            }
        }
        // Without a planned prefix (unknown minimum is irrelevant: the model is unknown) hints are only trimmed.
        var unknown = requests[0]
        unknown.model = "claude-unknown-9"
        let plan = planner().plan(inputs([unknown]), bucket: bucket(.anthropic, unknown), prefixWarm: true)
        #expect(plan.prefix == nil)
        #expect(plan.requests[0].cacheMarks.count == 4)
        #expect(plan.requests[0].system[4].cache == nil && plan.requests[0].messages[0].content[1].cache == nil)
    }

    @Test("a producer hint under the limit is kept and raised to the planned TTL")
    func producerHintKept() throws {
        let requests = (0..<3).map { request($0, system: [.text("You classify documents.", cache: .fiveMinutes), .text(definitions)]) }
        let plan = planner().plan(inputs(requests), bucket: bucket(.anthropic, requests[0]), prefixWarm: true)
        for planned in plan.requests {
            #expect(planned.system[0].cache == .oneHour)
            #expect(planned.messages[0].content[0].cache == .oneHour)
            #expect(planned.cacheMarks.count == 2)
        }
    }

    @Test("a short turnaround picks the 5-minute TTL")
    func fiveMinutes() throws {
        let requests = (0..<5).map { request($0) }
        let plan = planner(turnaround: .seconds(120)).plan(inputs(requests), bucket: bucket(.anthropic, requests[0]), prefixWarm: false)
        #expect(plan.prefix?.ttl == .fiveMinutes)
        #expect(plan.primer?.cacheMarks == [.fiveMinutes])
    }

    @Test("a prefix under the minimum length times the margin is not cached")
    func belowMinimum() throws {
        // 1,100 estimated tokens: over Sonnet 4.5's 1,024 but under 1,024 × 1.15.
        let system = String(repeating: "x", count: 4_400 - "Answer with one label.".count)
        let requests = (0..<10).map { request($0, system: [.text(system)]) }
        let plan = planner().plan(inputs(requests), bucket: bucket(.anthropic, requests[0]), prefixWarm: false)
        #expect(plan.prefix == nil)
        #expect(plan.primer == nil)
        #expect(plan.requests == requests)
        // The same prefix clears a lower margin.
        var settings = PlannerSettings(expectedTurnaround: .seconds(3_600))
        settings.minimumLengthMargin = 1.05
        let lenient = BatchPlanner(priceBook: book, settings: settings).plan(inputs(requests), bucket: bucket(.anthropic, requests[0]), prefixWarm: false)
        #expect(lenient.primer != nil)
    }

    @Test("without a write premium the margin does not apply: only the minimum itself")
    func belowMarginWithoutPremium() throws {
        // 1,100 estimated tokens: under 1,024 × 1.15, but writes on gpt-5-mini cost no more than
        // input, so a primer risks only its wait.
        let system = String(repeating: "x", count: 4_400 - "Answer with one label.".count)
        let requests = (0..<10).map { request($0, model: "gpt-5-mini", system: [.text(system)]) }
        let plan = planner().plan(inputs(requests), bucket: bucket(.openai, requests[0]), prefixWarm: false)
        #expect(plan.primer != nil)
        // Under the minimum itself: never.
        let short = String(repeating: "x", count: 3_900)
        let under = (0..<10).map { request($0, model: "gpt-5-mini", system: [.text(short)]) }
        #expect(planner().plan(inputs(under), bucket: bucket(.openai, under[0]), prefixWarm: false).prefix == nil)
    }

    @Test("small cold groups are cached only when it beats plain batching; warm ones always")
    func smallGroups() throws {
        let one = [request(0)]
        let two = [request(0), request(1)]
        let key = bucket(.anthropic, one[0])
        // One request alone: a write premium with nothing to read it.
        #expect(planner().plan(inputs(one), bucket: key, prefixWarm: false).prefix == nil)
        // Two concurrent requests at a 30 % hit rate: the 1-hour premium outweighs the reads.
        let cold = planner().plan(inputs(two), bucket: key, prefixWarm: false)
        #expect(cold.prefix == nil && cold.primer == nil && cold.requests == two)
        // Warm: even one request reads the prefix.
        let warm = planner().plan(inputs(one), bucket: key, prefixWarm: true)
        #expect(warm.prefix?.requestCount == 1)
        #expect(warm.requests[0].cacheMarks == [.oneHour])
        // With the primer threshold at 2: one 1-hour write (2x) and one read (0.1x) cost more than two
        // uncached prompts, so still nothing; a 5-minute write (1.25x) and one read cost less.
        var settings = PlannerSettings(expectedTurnaround: .seconds(3_600))
        settings.primerMinimumGroup = 2
        #expect(BatchPlanner(priceBook: book, settings: settings).plan(inputs(two), bucket: key, prefixWarm: false).prefix == nil)
        settings.expectedTurnaround = .seconds(120)
        #expect(BatchPlanner(priceBook: book, settings: settings).plan(inputs(two), bucket: key, prefixWarm: false).primer?.customID == "r0")
    }

    @Test("OpenAI gets no marks and the prefix hash as prompt_cache_key")
    func openAI() throws {
        let requests = (0..<5).map { index in
            var request = self.request(index, model: "gpt-5-mini")
            request.system[0].cache = .fiveMinutes
            return request
        }
        let key = bucket(.openai, requests[0])
        let cold = planner().plan(inputs(requests), bucket: key, prefixWarm: false)
        #expect(cold.primer?.promptCacheKey == key.prefixGroup)
        #expect(cold.primer?.cacheMarks.isEmpty == true)
        let warm = planner().plan(inputs(requests), bucket: key, prefixWarm: true)
        #expect(warm.requests.count == 5)
        #expect(warm.requests.allSatisfy { $0.promptCacheKey == key.prefixGroup && $0.cacheMarks.isEmpty })
        // gpt-4o lists no cheaper batch cache read: nothing to gain, no primer, no key.
        let plain = (0..<5).map { request($0, model: "gpt-4o") }
        let plan = planner().plan(inputs(plain), bucket: bucket(.openai, plain[0]), prefixWarm: false)
        #expect(plan.prefix == nil && plan.primer == nil)
        #expect(plan.requests.allSatisfy { $0.promptCacheKey == nil })
    }

    @Test("Gemini gets no marks and no key, requests grouped by prefix")
    func gemini() throws {
        // 2,048 × 1.15 = 2,355 tokens needed on Gemini 2.5 Flash.
        let long = String(repeating: definitions, count: 2)
        var requests = (0..<4).map { index in
            var request = self.request(index, model: "gemini-2.5-flash", system: [.text(long, cache: .oneHour)])
            request.customID = "g\(index)"
            return request
        }
        var stray = request(9, model: "gemini-2.5-flash", system: [.text("Other instructions.")])
        stray.customID = "stray"
        requests.insert(stray, at: 1)
        let key = bucket(.gemini, requests[0])
        let plan = planner().plan(inputs(requests), bucket: key, prefixWarm: true)
        #expect(plan.requests.map(\.customID) == ["g0", "g1", "g2", "g3", "stray"])
        #expect(plan.requests.allSatisfy { $0.cacheMarks.isEmpty && $0.promptCacheKey == nil })
        #expect(plan.prefix?.hash == key.prefixGroup)
        #expect(plan.prefix?.requestCount == 4)
        // Cold: the primer is the bucket's first request and everything else waits.
        let cold = planner().plan(inputs(requests), bucket: key, prefixWarm: false)
        #expect(cold.primer?.customID == "g0")
        #expect(cold.requests.isEmpty)
    }

    @Test("embeddings are never cached or primed")
    func embeddings() throws {
        let requests = (0..<50).map { LLMRequest.embedding(customID: "e\($0)", model: "text-embedding-3-small", input: [definitions]) }
        let plan = planner().plan(inputs(requests), bucket: bucket(.openai, requests[0]), prefixWarm: false)
        #expect(plan.primer == nil && plan.prefix == nil)
        #expect(plan.requests == requests)
    }

    @Test("an empty bucket plans nothing")
    func empty() throws {
        let key = BucketKey(provider: .anthropic, model: "claude-sonnet-4-5", kind: .chat, prefixGroup: "x")
        #expect(planner().plan([], bucket: key, prefixWarm: false) == BucketPlan(requests: [], prefix: nil))
    }

    @Test("the estimator matches the renderer's four-characters rule and can be calibrated")
    func estimator() throws {
        let request = self.request(7)
        #expect(TokenEstimator.standard.promptTokens(of: request) == RequestRenderer.estimateTokens(request))
        #expect(TokenEstimator.standard.tokens(characters: 9) == 3)
        #expect(TokenEstimator(charactersPerToken: 3).tokens(characters: 9) == 3)
        #expect(TokenEstimator(charactersPerToken: 0).charactersPerToken == 4)
        let withTool = LLMRequest.chat(
            customID: "t", model: "claude-sonnet-4-5",
            messages: [.user("hi")],
            tools: [ToolDefinition(name: "lookup", description: "Finds a label.", inputSchema: .object([:]))])
        #expect(TokenEstimator.standard.prefixTokens(of: withTool) == ("lookup".count + "Finds a label.".count + 2 + 3) / 4)
    }

    @Test("a plan round-trips through JSON")
    func codable() throws {
        let requests = (0..<3).map { request($0) }
        let plan = planner().plan(inputs(requests), bucket: bucket(.anthropic, requests[0]), prefixWarm: false)
        let decoded = try JSONDecoder().decode(BucketPlan.self, from: JSONEncoder().encode(plan))
        #expect(decoded == plan)
    }
}
