import AsyncHTTPClient
import Logging

@testable import Providers

/// Clients for tests that never touch the network (encoding, splitting): the shared singleton
/// client is never called by them.
enum TestClients {
    static let logger = Logger(label: "providers-tests")

    static func anthropic(limits: BatchLimits? = nil) throws -> AnthropicClient {
        AnthropicClient(
            endpoint: try ProviderEndpoint(provider: .anthropic, baseURL: "http://127.0.0.1:9", apiKey: APIKey("sk-ant-test")),
            httpClient: HTTPClient.shared,
            configuration: ProviderClientConfiguration(limits: limits),
            logger: Self.logger
        )
    }

    static func openAI(limits: BatchLimits? = nil) throws -> OpenAIClient {
        OpenAIClient(
            endpoint: try ProviderEndpoint(provider: .openai, baseURL: "http://127.0.0.1:9/v1", apiKey: APIKey("sk-test")),
            httpClient: HTTPClient.shared,
            configuration: ProviderClientConfiguration(limits: limits),
            logger: Self.logger
        )
    }

    static func gemini(limits: BatchLimits? = nil, inputMode: GeminiBatchInputMode = .automatic) throws -> GeminiClient {
        GeminiClient(
            endpoint: try ProviderEndpoint(provider: .gemini, baseURL: "http://127.0.0.1:9", apiKey: APIKey("AIza-test")),
            httpClient: HTTPClient.shared,
            configuration: ProviderClientConfiguration(limits: limits),
            inputMode: inputMode,
            logger: Self.logger
        )
    }
}
