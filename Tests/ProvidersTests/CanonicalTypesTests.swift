import Foundation
import Testing

@testable import Providers

@Suite("Canonical types", .timeLimit(.minutes(1)))
struct CanonicalTypesTests {
    @Test func requestRoundTripsThroughJSON() throws {
        let request = LLMRequest.chat(
            customID: "doc-1",
            model: "claude-sonnet-4-5",
            system: [.text("You classify documents.", cache: .oneHour)],
            messages: [.user("Classify this.")],
            parameters: GenerationParameters(maxTokens: 64, temperature: 0.2, stopSequences: ["END"])
        )
        let data = try JSONEncoder().encode(request)
        let decoded = try JSONDecoder().decode(LLMRequest.self, from: data)
        #expect(decoded == request)
    }
}
