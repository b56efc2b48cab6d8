package import AsyncHTTPClient
package import Logging

/// Anthropic Message Batches and Messages over the shared `HTTPClient`.
///
/// Sends `x-api-key` and `anthropic-version: 2023-06-01`; paths are `/v1/...` under the host-root
/// base URL (`ANTHROPIC_BASE_URL`).
package struct AnthropicClient: BatchProviderClient {
    package var provider: Provider { .anthropic }
    package let limits: BatchLimits
    let transport: ProviderTransport

    /// - Parameters:
    ///   - endpoint: an Anthropic endpoint (``ProviderEndpoint/fromEnvironment(_:environment:)``).
    ///   - httpClient: the process's shared client; its lifecycle stays with the caller.
    ///   - configuration: deadlines, retries, size caps and optional limit overrides.
    ///   - logger: where retries and restarts are logged (debug); keys never appear.
    package init(
        endpoint: ProviderEndpoint,
        httpClient: HTTPClient,
        configuration: ProviderClientConfiguration = ProviderClientConfiguration(),
        logger: Logger
    ) {
        precondition(endpoint.provider == .anthropic, "AnthropicClient needs an Anthropic endpoint")
        self.limits = configuration.limits ?? .anthropic
        self.transport = ProviderTransport(endpoint: endpoint, client: httpClient, configuration: configuration, logger: logger)
    }
}
