package import AsyncHTTPClient
package import Foundation
package import Logging
package import Providers

/// The provider clients of one instance, over one shared `HTTPClient`.
package enum ProviderSetup {
    /// A client for every provider whose key is set in `environment` (base URLs from the same
    /// variables as the official SDKs); providers without a key are left out and their requests
    /// fail with a clear error rather than at the provider.
    package static func clients(
        environment: [String: String], httpClient: HTTPClient, logger: Logger
    ) -> (clients: [Provider: any BatchProviderClient], missing: [Provider: String]) {
        var clients: [Provider: any BatchProviderClient] = [:]
        var missing: [Provider: String] = [:]
        for provider in Provider.allCases {
            do {
                let endpoint = try ProviderEndpoint.fromEnvironment(provider, environment: environment)
                clients[provider] = ProviderClients.make(endpoint: endpoint, httpClient: httpClient, logger: logger)
            } catch {
                missing[provider] = "\(error)"
            }
        }
        return (clients, missing)
    }

    /// Clients for all three providers at one emulator (`sluice demo`, tests).
    package static func emulatorClients(
        baseURL: URL, httpClient: HTTPClient, logger: Logger
    ) throws -> [Provider: any BatchProviderClient] {
        let base = baseURL.absoluteString.hasSuffix("/") ? String(baseURL.absoluteString.dropLast()) : baseURL.absoluteString
        let environment = [
            "ANTHROPIC_BASE_URL": base, "ANTHROPIC_API_KEY": "sk-ant-emulator",
            "OPENAI_BASE_URL": base + "/v1", "OPENAI_API_KEY": "sk-emulator",
            "GEMINI_BASE_URL": base, "GEMINI_API_KEY": "emulator",
        ]
        let (clients, missing) = Self.clients(environment: environment, httpClient: httpClient, logger: logger)
        if let problem = missing.first { throw ProviderError.configuration(provider: problem.key, message: problem.value) }
        return clients
    }
}
