import Foundation
@testable import Planning
@testable import Providers
import Testing

@Suite("Batch planner: OpenAI extended retention", .timeLimit(.minutes(1)))
struct PlannerRetentionTests {
    let book: PriceBook
    let definitions = String(repeating: "Field definitions and worked examples. ", count: 160)

    init() throws {
        book = try PriceBook.bundled()
    }

    func requests(_ model: String, count: Int = 5) -> [LLMRequest] {
        (0..<count).map { index in
            LLMRequest.chat(
                customID: "o\(index)", model: model, system: [.text("You extract fields."), .text(definitions)],
                messages: [ChatMessage(role: .user, content: [.text("Extract."), .text("Document \(index): pay 10 EUR")])])
        }
    }

    func plan(_ requests: [LLMRequest], warm: Bool, settings: PlannerSettings = PlannerSettings(expectedTurnaround: .seconds(3_600)))
        -> BucketPlan
    {
        let key = BucketKey(
            provider: .openai, model: requests[0].model, kind: .chat, prefixGroup: RequestRenderer.prefixGroup(of: requests[0]))
        let inputs = requests.map { PlannerInput(request: $0, estimatedInputTokens: TokenEstimator.standard.promptTokens(of: $0)) }
        return BatchPlanner(priceBook: book, settings: settings).plan(inputs, bucket: key, prefixWarm: warm)
    }

    @Test("a cached prefix of a listed model asks for 24-hour retention, primer and fan-out alike, and is counted warm for an hour")
    func gpt5Family() throws {
        let cold = plan(requests("gpt-5"), warm: false)
        let primer = try #require(cold.primer)
        #expect(primer.promptCacheRetention == "24h")
        #expect(cold.prefix?.warmSeconds == 3_600)
        let warm = plan(requests("gpt-5"), warm: true)
        #expect(warm.requests.count == 5)
        #expect(warm.requests.allSatisfy { $0.promptCacheRetention == "24h" && $0.promptCacheKey != nil })
        #expect(warm.prefix?.warmSeconds == 3_600)
    }

    @Test("models outside the configured families, and uncached prefixes, keep the default retention")
    func otherModels() throws {
        // gpt-5.6 is not in the default list (its cache takes breakpoints, not a retention).
        var settings = PlannerSettings(expectedTurnaround: .seconds(3_600))
        #expect(!settings.hasExtendedRetention(openAIModel: "gpt-5.6"))
        #expect(settings.hasExtendedRetention(openAIModel: "gpt-5"))
        #expect(settings.hasExtendedRetention(openAIModel: "gpt-5-2025-08-07"))
        // Siblings the provider does not list may refuse the field: never sent to them.
        #expect(!settings.hasExtendedRetention(openAIModel: "gpt-5-mini"))
        #expect(!settings.hasExtendedRetention(openAIModel: "gpt-4.1-mini"))
        #expect(!settings.hasExtendedRetention(openAIModel: "gpt-4o"))
        let unlisted = plan(requests("gpt-5-mini"), warm: true)
        #expect(unlisted.requests.allSatisfy { $0.promptCacheRetention == nil && $0.promptCacheKey != nil })
        // Not cached at all (gpt-4o lists no cheaper batch cache read): no retention either.
        let plain = plan(requests("gpt-4o"), warm: true)
        #expect(plain.requests.allSatisfy { $0.promptCacheRetention == nil })
        // Configured off: cached with a key, but in-memory retention and the 5-minute warm default.
        settings.openAIExtendedRetentionFamilies = []
        let off = plan(requests("gpt-5"), warm: true, settings: settings)
        #expect(off.requests.allSatisfy { $0.promptCacheRetention == nil && $0.promptCacheKey != nil })
        #expect(off.prefix != nil && off.prefix?.warmSeconds == nil)
    }

    @Test("realtime requests of an OpenAI bucket get the batches' key and retention, in input order; others stay as sent")
    func realtime() throws {
        let openAI = requests("gpt-5", count: 3)
        let key = BucketKey(provider: .openai, model: "gpt-5", kind: .chat, prefixGroup: RequestRenderer.prefixGroup(of: openAI[0]))
        let planner = BatchPlanner(priceBook: book, settings: PlannerSettings(expectedTurnaround: .seconds(3_600)))
        let inputs = openAI.map { PlannerInput(request: $0, estimatedInputTokens: TokenEstimator.standard.promptTokens(of: $0)) }
        let arranged = planner.arrangedForRealtime(inputs, bucket: key)
        #expect(arranged.map(\.customID) == ["o0", "o1", "o2"])
        #expect(arranged.allSatisfy { $0.promptCacheKey == key.prefixGroup && $0.promptCacheRetention == "24h" })
        // Anthropic: untouched (no mark added for a realtime call).
        let anthropic = openAI.map { request -> LLMRequest in
            var copy = request
            copy.model = "claude-sonnet-4-5"
            return copy
        }
        let anthropicKey = BucketKey(provider: .anthropic, model: "claude-sonnet-4-5", kind: .chat, prefixGroup: key.prefixGroup)
        let untouched = planner.arrangedForRealtime(
            anthropic.map { PlannerInput(request: $0, estimatedInputTokens: 100) }, bucket: anthropicKey)
        #expect(untouched == anthropic)
    }

    @Test("the retention travels in the stored request JSON and in the OpenAI body")
    func encoded() throws {
        var request = requests("gpt-5-mini", count: 1)[0]
        request.promptCacheRetention = "24h"
        let data = try JSONEncoder().encode(request)
        let json = try #require(String(data: data, encoding: .utf8))
        #expect(json.contains("\"prompt_cache_retention\":\"24h\""))
        #expect(try JSONDecoder().decode(LLMRequest.self, from: data) == request)
        // An older journal row without the field still decodes.
        var old = requests("gpt-5-mini", count: 1)[0]
        old.promptCacheRetention = nil
        let legacy = try JSONEncoder().encode(old)
        #expect(try JSONDecoder().decode(LLMRequest.self, from: legacy).promptCacheRetention == nil)
        // The wire body carries it (and leaves it out when unset).
        let body = try JSONEncoder().encode(OpenAIClient.chatBody(request))
        #expect(String(decoding: body, as: UTF8.self).contains("\"prompt_cache_retention\":\"24h\""))
        let plainBody = try JSONEncoder().encode(OpenAIClient.chatBody(old))
        #expect(!String(decoding: plainBody, as: UTF8.self).contains("prompt_cache_retention"))
    }
}
