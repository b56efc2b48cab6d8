import Foundation
import Testing

@testable import Emulator

/// The official Python SDKs (anthropic, openai, google-genai) as real clients of the emulator:
/// `Tests/Conformance/sdk_conformance.py` parses and strictly re-validates every response and
/// expects typed exceptions for errors.
@Suite("SDK conformance", .timeLimit(.minutes(1)))
struct ConformanceTests {
    static let key = "conformance-key"

    @Test("anthropic, openai and google-genai parse every emulator response")
    func officialSDKs() async throws {
        let root = ProcessRunner.repositoryRoot
        let venv = try await ProcessRunner.run(["bash", root.appendingPathComponent("scripts/python-venv.sh").path])
        try #require(venv.status == 0, "python-venv.sh failed:\n\(venv.output)")
        let python = try #require(
            venv.output.split(separator: "\n").last.map { String($0).trimmingCharacters(in: .whitespaces) }
        )
        let script = root.appendingPathComponent("Tests/Conformance/sdk_conformance.py").path
        let configuration = testConfiguration(speedup: 1000, workers: 64) { $0.apiKeys = [Self.key] }
        try await withRunningEmulator(configuration) { emulator in
            let outcome = try await ProcessRunner.run(
                [python, script, emulator.baseURL.absoluteString, Self.key], environment: ["PYTHONWARNINGS": "ignore"]
            )
            if outcome.status != 0 {
                Issue.record("sdk_conformance.py exited \(outcome.status):\n\(outcome.output)")
            }
            #expect(outcome.output.contains("0 failed"))
        }
    }
}
