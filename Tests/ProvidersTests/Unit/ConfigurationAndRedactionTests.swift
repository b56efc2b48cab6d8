import Foundation
import Testing

@testable import Providers

@Suite("Configuration and secret redaction", .timeLimit(.minutes(1)))
struct ConfigurationAndRedactionTests {
    static let secret = "sk-live-SECRET-0123456789"

    @Test func environmentFollowsTheSDKConventions() throws {
        let anthropic = try ProviderEndpoint.fromEnvironment(.anthropic, environment: ["ANTHROPIC_API_KEY": "k"])
        #expect(anthropic.baseURL == "https://api.anthropic.com")
        #expect(anthropic.url("/v1/messages") == "https://api.anthropic.com/v1/messages")
        let openAI = try ProviderEndpoint.fromEnvironment(.openai, environment: ["OPENAI_API_KEY": "k", "OPENAI_BASE_URL": "http://127.0.0.1:8080/v1/"])
        #expect(openAI.url("/batches") == "http://127.0.0.1:8080/v1/batches")
        #expect(try ProviderEndpoint.fromEnvironment(.openai, environment: ["OPENAI_API_KEY": "k"]).baseURL == "https://api.openai.com/v1")
        let gemini = try ProviderEndpoint.fromEnvironment(.gemini, environment: ["GEMINI_API_KEY": "k", "GEMINI_BASE_URL": "http://localhost:9000/v1beta"])
        #expect(gemini.baseURL == "http://localhost:9000")
        #expect(try ProviderEndpoint.fromEnvironment(.gemini, environment: ["GOOGLE_API_KEY": "g"]).baseURL == "https://generativelanguage.googleapis.com")
        let custom = try ProviderEndpoint.fromEnvironment(.anthropic, environment: ["ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": "http://10.0.0.1:7000"])
        #expect(custom.url("/v1/messages/batches", query: [("after_id", "a b&c")]) == "http://10.0.0.1:7000/v1/messages/batches?after_id=a%20b%26c")
    }

    @Test func missingKeyNamesTheVariableOnly() {
        #expect { try ProviderEndpoint.fromEnvironment(.openai, environment: [:]) } throws: { error in
            guard let error = error as? ProviderError else { return false }
            return error.isConfigurationError && error.category == .fatal && error.message.contains("OPENAI_API_KEY")
        }
        #expect(throws: ProviderError.self) { try ProviderEndpoint(provider: .anthropic, baseURL: "ftp://x", apiKey: APIKey("k")) }
        #expect(throws: ProviderError.self) { try ProviderEndpoint(provider: .anthropic, baseURL: "not a url", apiKey: APIKey("k")) }
    }

    @Test func keysNeverPrint() throws {
        let key = APIKey(Self.secret)
        #expect(!"\(key)".contains(Self.secret))
        #expect(!String(reflecting: key).contains(Self.secret))
        var dumped = ""
        dump(key, to: &dumped)
        #expect(!dumped.contains(Self.secret))
        let endpoint = try ProviderEndpoint(provider: .openai, baseURL: nil, apiKey: key)
        #expect(!"\(endpoint)".contains(Self.secret))
        var dumpedEndpoint = ""
        dump(endpoint, to: &dumpedEndpoint)
        #expect(!dumpedEndpoint.contains(Self.secret))
        #expect(!String(reflecting: endpoint).contains(Self.secret))
    }

    @Test func echoedKeysAreScrubbedFromErrors() {
        let error = ProviderError.http(
            provider: .gemini,
            status: 400,
            errorType: "INVALID_ARGUMENT",
            message: "API key \(Self.secret) not valid",
            requestID: nil,
            retryAfter: nil
        ).scrubbing(Self.secret)
        #expect(!"\(error)".contains(Self.secret))
        #expect(error.message.contains("[redacted]"))
        #expect(error.httpStatus == 400)
    }

    @Test func rebasingKeepsTheKeyOnTheConfiguredHost() throws {
        let endpoint = try ProviderEndpoint(provider: .gemini, baseURL: "http://127.0.0.1:4242", apiKey: APIKey("k"))
        #expect(endpoint.rebase("https://generativelanguage.googleapis.com/upload/v1beta/files?upload_id=abc&upload_protocol=resumable")
            == "http://127.0.0.1:4242/upload/v1beta/files?upload_id=abc&upload_protocol=resumable")
        #expect(endpoint.rebase("http://127.0.0.1:4242/upload/x") == "http://127.0.0.1:4242/upload/x")
        #expect(endpoint.rebase("/relative/path") == "http://127.0.0.1:4242/relative/path")
    }
}
