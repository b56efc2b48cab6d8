import Foundation
@testable import Planning
import Providers
import Testing

/// The intake's hand-written request encoding against `JSONEncoder` (sorted keys, slashes
/// unescaped), byte for byte, so that fingerprints and journaled bytes are what they were.
@Suite(.timeLimit(.minutes(1)))
struct CanonicalRequestWriterTests {
    static func reference(_ request: LLMRequest) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(request)
    }

    static let texts = [
        "", "plain", "quote \" backslash \\ slash / done", "tab\tnew\nline\rcr", "\u{08}\u{0C}\u{01}\u{1F}\u{7F}",
        "é中😀 family 👨‍👩‍👧", String(repeating: "long text ", count: 300),
    ]

    static let requests: [LLMRequest] = {
        var requests: [LLMRequest] = []
        for (index, text) in texts.enumerated() {
            requests.append(
                .chat(
                    customID: "r\(index)", model: "claude-haiku-4-5", system: [.text("System \(text)"), .text("Second", cache: .oneHour)],
                    messages: [ChatMessage(role: .user, content: [.text(text), .text("x", cache: .fiveMinutes)]), .assistant("ok")],
                    parameters: GenerationParameters(
                        maxTokens: 1 + index * 1000, temperature: [nil, 0, 0.7, 1, 0.25, 1e-5, 2][index],
                        topP: index % 2 == 0 ? 0.9 : nil, topK: index % 3 == 0 ? 40 : nil,
                        stopSequences: index % 2 == 1 ? ["END", text] : [])))
            requests.append(.embedding(customID: "", model: "text-embedding-3-small", input: [text, "b"], dimensions: index % 2 == 0 ? 256 : nil))
        }
        var steered = requests[0]
        steered.promptCacheKey = "key/1"
        steered.promptCacheRetention = "24h"
        steered.cachedContent = "cachedContents/abc"
        requests.append(steered)
        return requests
    }()

    @Test(arguments: 0..<requests.count)
    func sameBytesAsJSONEncoder(_ index: Int) throws {
        let request = Self.requests[index]
        let written = try #require(CanonicalRequestWriter.encode(request))
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: try Self.reference(request), as: UTF8.self))
        #expect(try JSONDecoder().decode(LLMRequest.self, from: written) == request)
    }

    @Test func leavesToolsToJSONEncoder() throws {
        var request = Self.requests[0]
        request.tools = [ToolDefinition(name: "lookup", description: "d", inputSchema: .object([:]))]
        #expect(CanonicalRequestWriter.encode(request) == nil)
        // The fingerprint still covers it, through JSONEncoder.
        var normalized = request.withoutCacheMarks
        normalized.customID = ""
        #expect(try RequestFingerprint.canonicalEncoding(of: request) == Self.reference(normalized))
    }

    @Test func refusesNonFiniteNumbers() {
        var request = Self.requests[0]
        request.parameters.temperature = .nan
        #expect(CanonicalRequestWriter.encode(request) == nil)
    }
}
