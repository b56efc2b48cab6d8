import Foundation
import NIOCore
import Testing

@testable import Providers

@Suite("Limits and splitting", .timeLimit(.minutes(1)))
struct BatchPreparationTests {
    static func chat(_ id: String, model: String = "claude-sonnet-4-5", text: String = "hello") -> LLMRequest {
        .chat(customID: id, model: model, system: [.text("You label documents.")], messages: [.user(text)], parameters: GenerationParameters(maxTokens: 16))
    }

    @Test func anthropicCustomIDRules() {
        let limits = BatchLimits.anthropic
        #expect(limits.customIDProblem("req_0001-A") == nil)
        #expect(limits.customIDProblem("") != nil)
        #expect(limits.customIDProblem(String(repeating: "a", count: 64)) == nil)
        #expect(limits.customIDProblem(String(repeating: "a", count: 65)) != nil)
        #expect(limits.customIDProblem("doc:1") != nil)
        #expect(limits.customIDProblem("é") != nil)
        #expect(BatchLimits.openAI.customIDProblem("doc:1/é") == nil)
    }

    @Test func splitsByRequestCountKeepingOrder() throws {
        var limits = BatchLimits.anthropic
        limits.maxRequests = 3
        let client = try TestClients.anthropic(limits: limits)
        let requests = (0..<8).map { Self.chat("r\($0)") }
        let preparation = client.prepareBatches(requests)
        #expect(preparation.rejected.isEmpty)
        #expect(preparation.batches.map(\.requestCount) == [3, 3, 2])
        #expect(preparation.batches.flatMap(\.customIDs) == requests.map(\.customID))
        for batch in preparation.batches {
            guard case .anthropic(let body) = batch.payload else { Issue.record("payload"); continue }
            #expect(body.readableBytes == batch.byteCount)
            _ = try TestJSON.parse(body)
        }
    }

    @Test func splitsByBytesAndNeverExceedsTheCap() throws {
        let one = try TestClients.anthropic().prepareBatches([Self.chat("r0", text: String(repeating: "x", count: 1000))])
        let itemSize = try #require(one.batches.first).byteCount
        var limits = BatchLimits.anthropic
        limits.maxBytes = itemSize * 3
        let client = try TestClients.anthropic(limits: limits)
        let requests = (0..<10).map { Self.chat("r\($0)", text: String(repeating: "x", count: 1000)) }
        let preparation = client.prepareBatches(requests)
        #expect(preparation.rejected.isEmpty)
        #expect(preparation.batches.count > 3)
        for batch in preparation.batches {
            #expect(batch.byteCount <= limits.maxBytes)
        }
        #expect(preparation.batches.flatMap(\.customIDs) == requests.map(\.customID))
    }

    @Test func aRequestThatCanNeverFitIsRejectedAlone() throws {
        var limits = BatchLimits.anthropic
        limits.maxRequestBytes = 2_000
        let client = try TestClients.anthropic(limits: limits)
        let preparation = client.prepareBatches([Self.chat("small"), Self.chat("huge", text: String(repeating: "y", count: 5_000)), Self.chat("small2")])
        #expect(preparation.batches.flatMap(\.customIDs) == ["small", "small2"])
        let rejected = try #require(preparation.rejected.first)
        #expect(rejected.customID == "huge")
        #expect(rejected.error.isInvalidRequest)
        #expect(rejected.error.category == .fixRequest)
        #expect(rejected.error.message.contains("never fit"))
    }

    @Test func anthropicRejectsBadRequestsPerRequest() throws {
        let client = try TestClients.anthropic()
        var fiveMarks = Self.chat("marks")
        fiveMarks.messages = (0..<5).map { _ in ChatMessage.user("m", cache: .fiveMinutes) }
        var wrongOrder = Self.chat("order")
        wrongOrder.system = [.text("a", cache: .fiveMinutes), .text("b", cache: .oneHour)]
        var zeroTokens = Self.chat("zero")
        zeroTokens.parameters.maxTokens = 0
        let preparation = client.prepareBatches([
            Self.chat("ok"), Self.chat("ok"), Self.chat("bad id!"), fiveMarks, wrongOrder, zeroTokens,
            .embedding(customID: "emb", model: "x", input: ["a"]), Self.chat("ok2"),
        ])
        #expect(preparation.batches.flatMap(\.customIDs) == ["ok", "ok2"])
        let reasons = Dictionary(preparation.rejected.map { ($0.customID, $0.error.message) }, uniquingKeysWith: { a, _ in a })
        #expect(reasons["ok"]?.contains("duplicate") == true)
        #expect(reasons["bad id!"]?.contains("characters") == true)
        #expect(reasons["marks"]?.contains("at most 4") == true)
        #expect(reasons["order"]?.contains("1h") == true)
        #expect(reasons["zero"]?.contains("max_tokens") == true)
        #expect(preparation.rejected.first { $0.customID == "emb" }?.error.isUnsupported == true)
    }

    @Test func openAIPartitionsByModelAndEndpoint() throws {
        let client = try TestClients.openAI()
        let preparation = client.prepareBatches([
            Self.chat("a1", model: "gpt-4o-mini"), Self.chat("b1", model: "gpt-5"),
            .embedding(customID: "e1", model: "text-embedding-3-small", input: ["x"]),
            Self.chat("a2", model: "gpt-4o-mini"),
        ])
        #expect(preparation.batches.map(\.customIDs) == [["a1", "a2"], ["b1"], ["e1"]])
        #expect(preparation.batches.map(\.model) == ["gpt-4o-mini", "gpt-5", "text-embedding-3-small"])
        guard case .openAI(let jsonl, let endpoint) = preparation.batches[2].payload else { Issue.record("payload"); return }
        #expect(endpoint == "/v1/embeddings")
        let lines = String(buffer: jsonl).split(separator: "\n")
        #expect(lines.count == 1)
        guard case .openAI(let chatFile, _) = preparation.batches[0].payload else { Issue.record("payload"); return }
        #expect(String(buffer: chatFile).hasSuffix("\n"))
        #expect(String(buffer: chatFile).split(separator: "\n").count == 2)
    }

    @Test func openAISplitsOnEmbeddingInputs() throws {
        var limits = BatchLimits.openAI
        limits.maxEmbeddingInputs = 5
        let client = try TestClients.openAI(limits: limits)
        let preparation = client.prepareBatches([
            .embedding(customID: "a", model: "m", input: ["1", "2", "3"]),
            .embedding(customID: "b", model: "m", input: ["1", "2"]),
            .embedding(customID: "c", model: "m", input: ["1"]),
            .embedding(customID: "d", model: "m", input: Array(repeating: "z", count: 6)),
        ])
        #expect(preparation.batches.map(\.customIDs) == [["a", "b"], ["c"]])
        #expect(preparation.rejected.map(\.customID) == ["d"])
    }

    @Test func geminiChoosesInlineOrFileByInlineCap() throws {
        let requests = (0..<4).map { Self.chat("g\($0)", model: "gemini-2.5-flash", text: String(repeating: "w", count: 2_000)) }
        let inline = try TestClients.gemini().prepareBatches(requests)
        #expect(inline.batches.count == 1)
        guard case .geminiInline(let entries) = inline.batches[0].payload else { Issue.record("expected inline"); return }
        #expect(entries.count == 4)

        var small = BatchLimits.gemini
        small.maxInlineBytes = 5_000
        let file = try TestClients.gemini(limits: small).prepareBatches(requests)
        #expect(file.batches.count == 1)
        guard case .geminiFile(let jsonl) = file.batches[0].payload else { Issue.record("expected file"); return }
        let keys = try String(buffer: jsonl).split(separator: "\n").map { line -> JSONValue? in
            guard case .object(let object) = try TestJSON.parse(String(line)) else { return nil }
            return object["key"]
        }
        #expect(keys == ["g0", "g1", "g2", "g3"])

        let forced = try TestClients.gemini(limits: small, inputMode: .inline).prepareBatches(requests)
        #expect(forced.batches.count == 4, "forced inline splits by the inline cap")
        #expect(forced.batches.allSatisfy { $0.byteCount <= 5_000 })
    }

    @Test func geminiRejectsCacheConflictsAndMultiInputEmbeddings() throws {
        var cached = Self.chat("c", model: "gemini-2.5-flash")
        cached.cachedContent = "cachedContents/1"
        let preparation = try TestClients.gemini().prepareBatches([
            cached, .embedding(customID: "e", model: "gemini-embedding-001", input: ["a", "b"]),
        ])
        #expect(preparation.batches.isEmpty)
        #expect(Set(preparation.rejected.map(\.customID)) == ["c", "e"])
    }
}
