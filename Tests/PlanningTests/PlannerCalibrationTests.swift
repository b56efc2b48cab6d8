import Foundation
@testable import Planning
import Providers
import Testing

@Suite("Batch planner: calibrated token estimates", .timeLimit(.minutes(1)))
struct PlannerCalibrationTests {
    @Test("the ratio needs enough samples, is clamped, and scales the estimator")
    func ratio() throws {
        #expect(TokenEstimator.calibrationRatio(estimatedTokens: 1_000, reportedTokens: 1_500, samples: 19) == nil)
        #expect(TokenEstimator.calibrationRatio(estimatedTokens: 1_000, reportedTokens: 1_500, samples: 20) == 1.5)
        #expect(TokenEstimator.calibrationRatio(estimatedTokens: 1_000, reportedTokens: 9_000, samples: 50) == 2.0)
        #expect(TokenEstimator.calibrationRatio(estimatedTokens: 1_000, reportedTokens: 100, samples: 50) == 0.5)
        #expect(TokenEstimator.calibrationRatio(estimatedTokens: 0, reportedTokens: 100, samples: 50) == nil)
        let scaled = TokenEstimator.standard.scaled(by: 1.5)
        #expect(scaled.tokens(characters: 6_000) == 2_250)
        #expect(TokenEstimator.standard.scaled(by: .nan) == .standard)
    }

    @Test("a prefix the 4-characters rule puts under Sonnet's minimum is cached once reports show denser text")
    func calibrationChangesTheDecision() throws {
        let book = try PriceBook.bundled()
        // 4,000 characters: 1,000 estimated tokens, under 1,024 × 1.15.
        let prefix = String(repeating: "0123456789", count: 400)
        let requests = (0..<10).map {
            LLMRequest.chat(
                customID: "c\($0)", model: "claude-sonnet-4-5", system: [.text(prefix)],
                messages: [ChatMessage(role: .user, content: [.text("Doc \($0)")])])
        }
        let key = BucketKey(
            provider: .anthropic, model: "claude-sonnet-4-5", kind: .chat, prefixGroup: RequestRenderer.prefixGroup(of: requests[0]))
        let inputs = requests.map { PlannerInput(request: $0, estimatedInputTokens: TokenEstimator.standard.promptTokens(of: $0)) }
        var planner = BatchPlanner(priceBook: book, settings: PlannerSettings(expectedTurnaround: .seconds(60)))
        let uncalibrated = planner.plan(inputs, bucket: key, prefixWarm: true)
        #expect(uncalibrated.prefix == nil)
        #expect(uncalibrated.requests.allSatisfy { $0.cacheMarks.isEmpty })
        // Digits tokenize densely: the provider reported 1.6 tokens per estimated token.
        planner.estimator = planner.estimator.scaled(by: 1.6)
        let calibrated = planner.plan(inputs, bucket: key, prefixWarm: true)
        #expect(calibrated.prefix?.estimatedTokens == 1_600)
        #expect(calibrated.requests.allSatisfy { $0.cacheMarks == [.fiveMinutes] })
    }
}
