package import AsyncHTTPClient
package import Logging

/// Builds the client of a provider behind the common protocol.
package enum ProviderClients {
    /// The client for `endpoint.provider`, sharing `httpClient`.
    package static func make(
        endpoint: ProviderEndpoint,
        httpClient: HTTPClient,
        configuration: ProviderClientConfiguration = ProviderClientConfiguration(),
        logger: Logger
    ) -> any BatchProviderClient {
        switch endpoint.provider {
        case .anthropic:
            AnthropicClient(endpoint: endpoint, httpClient: httpClient, configuration: configuration, logger: logger)
        case .openai:
            OpenAIClient(endpoint: endpoint, httpClient: httpClient, configuration: configuration, logger: logger)
        case .gemini:
            GeminiClient(endpoint: endpoint, httpClient: httpClient, configuration: configuration, logger: logger)
        }
    }
}
