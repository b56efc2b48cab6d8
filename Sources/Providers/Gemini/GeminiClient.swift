package import AsyncHTTPClient
package import Logging

/// Gemini API batch mode, explicit caches, generateContent and embedContent over the shared
/// `HTTPClient`, under `/v1beta` (providers.md §3, §7).
///
/// Sends `x-goog-api-key`; `GEMINI_BASE_URL` is the host root, and paths are `/v1beta/...`,
/// `/upload/v1beta/...` and `/download/v1beta/...` under it.
package struct GeminiClient: BatchProviderClient {
    package var provider: Provider { .gemini }
    package let limits: BatchLimits
    package let inputMode: GeminiBatchInputMode
    let transport: ProviderTransport

    /// - Parameters:
    ///   - endpoint: a Gemini endpoint (``ProviderEndpoint/fromEnvironment(_:environment:)``).
    ///   - httpClient: the process's shared client; its lifecycle stays with the caller.
    ///   - configuration: deadlines, retries, size caps and optional limit overrides.
    ///   - inputMode: inline, file or automatic batch input.
    ///   - logger: where retries and restarts are logged (debug); keys never appear.
    package init(
        endpoint: ProviderEndpoint,
        httpClient: HTTPClient,
        configuration: ProviderClientConfiguration = ProviderClientConfiguration(),
        inputMode: GeminiBatchInputMode = .automatic,
        logger: Logger
    ) {
        precondition(endpoint.provider == .gemini, "GeminiClient needs a Gemini endpoint")
        self.limits = configuration.limits ?? .gemini
        self.inputMode = inputMode
        self.transport = ProviderTransport(endpoint: endpoint, client: httpClient, configuration: configuration, logger: logger)
    }

    /// `models/<model>` whether or not the caller already wrote the prefix.
    static func modelResource(_ model: String) -> String {
        model.hasPrefix("models/") ? model : "models/\(model)"
    }

    /// `batches/<id>` whether or not the caller already wrote the prefix.
    static func batchResource(_ id: String) -> String {
        id.hasPrefix("batches/") ? id : "batches/\(id)"
    }

    /// `cachedContents/<id>` whether or not the caller already wrote the prefix.
    static func cacheResource(_ name: String) -> String {
        name.hasPrefix("cachedContents/") ? name : "cachedContents/\(name)"
    }
}
