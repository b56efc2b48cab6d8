package import AsyncHTTPClient
package import Logging

/// OpenAI Files + Batch, Chat Completions and Embeddings over the shared `HTTPClient`.
///
/// Sends `Authorization: Bearer`; paths are relative to `OPENAI_BASE_URL`, which includes `/v1`.
package struct OpenAIClient: BatchProviderClient {
    package var provider: Provider { .openai }
    package let limits: BatchLimits
    let transport: ProviderTransport

    /// - Parameters:
    ///   - endpoint: an OpenAI endpoint (``ProviderEndpoint/fromEnvironment(_:environment:)``).
    ///   - httpClient: the process's shared client; its lifecycle stays with the caller.
    ///   - configuration: deadlines, retries, size caps and optional limit overrides.
    ///   - logger: where retries and restarts are logged (debug); keys never appear.
    package init(
        endpoint: ProviderEndpoint,
        httpClient: HTTPClient,
        configuration: ProviderClientConfiguration = ProviderClientConfiguration(),
        logger: Logger
    ) {
        precondition(endpoint.provider == .openai, "OpenAIClient needs an OpenAI endpoint")
        self.limits = configuration.limits ?? .openAI
        self.transport = ProviderTransport(endpoint: endpoint, client: httpClient, configuration: configuration, logger: logger)
    }

    /// The endpoint path of a request kind, as batch lines and `POST /v1/batches` name it.
    static func endpointPath(_ kind: RequestKind) -> String {
        switch kind {
        case .chat: "/v1/chat/completions"
        case .embedding: "/v1/embeddings"
        }
    }
}
