import Foundation

/// Where a provider lives and the key to use there.
///
/// Base URLs follow the official SDKs so one environment works for Sluice and for them
/// (providers.md §7):
///
/// | Provider | Variables | Base URL convention | Default |
/// |---|---|---|---|
/// | Anthropic | `ANTHROPIC_BASE_URL`, `ANTHROPIC_API_KEY` | host root; paths start `/v1/...` | `https://api.anthropic.com` |
/// | OpenAI | `OPENAI_BASE_URL`, `OPENAI_API_KEY` | includes the version (`.../v1`) | `https://api.openai.com/v1` |
/// | Gemini | `GEMINI_BASE_URL`, `GEMINI_API_KEY` (else `GOOGLE_API_KEY`) | host root, as google-genai's `base_url`; Sluice adds `/v1beta/...`, `/upload/v1beta/...`, `/download/v1beta/...` | `https://generativelanguage.googleapis.com` |
///
/// Gemini needs the host root because uploads and downloads put a prefix *before* the version; a
/// trailing `/v1beta` (copied from REST docs) is tolerated and removed. Keys are secrets and are
/// never printed (see ``APIKey``).
package struct ProviderEndpoint: Sendable, CustomStringConvertible {
    package let provider: Provider
    /// Normalized base URL without a trailing slash.
    package let baseURL: String
    package let apiKey: APIKey
    let scheme: String
    let host: String
    let port: Int?

    /// - Throws: ``ProviderError`` (configuration) when the URL is not absolute http(s) or the key is empty.
    package init(provider: Provider, baseURL: String? = nil, apiKey: APIKey) throws {
        var base = (baseURL ?? Self.defaultBaseURL(for: provider)).trimmingCharacters(in: .whitespaces)
        while base.hasSuffix("/") { base.removeLast() }
        if provider == .gemini {
            for suffix in ["/v1beta", "/v1"] where base.hasSuffix(suffix) {
                base.removeLast(suffix.count)
                break
            }
        }
        guard let components = URLComponents(string: base), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else {
            throw ProviderError.configuration(
                provider: provider,
                message: "base URL '\(base)' for \(provider) is not an absolute http(s) URL"
            )
        }
        guard !apiKey.isEmpty else {
            throw ProviderError.configuration(provider: provider, message: "no API key for \(provider)")
        }
        self.provider = provider
        self.baseURL = base
        self.apiKey = apiKey
        self.scheme = scheme
        self.host = host
        self.port = components.port
    }

    /// The provider's production base URL.
    package static func defaultBaseURL(for provider: Provider) -> String {
        switch provider {
        case .anthropic: "https://api.anthropic.com"
        case .openai: "https://api.openai.com/v1"
        case .gemini: "https://generativelanguage.googleapis.com"
        }
    }

    /// Reads the base URL and key the way the official SDKs do.
    ///
    /// - Throws: ``ProviderError`` (configuration, fatal) naming the missing variable, never its value.
    package static func fromEnvironment(
        _ provider: Provider,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ProviderEndpoint {
        let (urlVariable, keyVariables): (String, [String]) =
            switch provider {
            case .anthropic: ("ANTHROPIC_BASE_URL", ["ANTHROPIC_API_KEY"])
            case .openai: ("OPENAI_BASE_URL", ["OPENAI_API_KEY"])
            case .gemini: ("GEMINI_BASE_URL", ["GEMINI_API_KEY", "GOOGLE_API_KEY"])
            }
        let base = environment[urlVariable].flatMap { $0.isEmpty ? nil : $0 }
        guard let key = keyVariables.lazy.compactMap({ environment[$0] }).first(where: { !$0.isEmpty }) else {
            throw ProviderError.configuration(
                provider: provider,
                message: "\(keyVariables.joined(separator: " or ")) is not set"
            )
        }
        return try ProviderEndpoint(provider: provider, baseURL: base, apiKey: APIKey(key))
    }

    /// The base URL joined with a path that starts with `/`.
    func url(_ path: String, query: [(String, String)] = []) -> String {
        self.baseURL + path + Self.queryString(query)
    }

    /// Moves a provider-given absolute URL (Anthropic `results_url`, Gemini upload URL) onto the
    /// configured origin when it names another one, so the key is only ever sent where the
    /// operator pointed Sluice (a proxy or emulator may report its upstream host).
    func rebase(_ absolute: String) -> String {
        guard let components = URLComponents(string: absolute), let host = components.host else {
            return absolute.hasPrefix("/") ? self.origin + absolute : absolute
        }
        if host == self.host && components.scheme?.lowercased() == self.scheme && components.port == self.port {
            return absolute
        }
        let path = components.percentEncodedPath
        let query = components.percentEncodedQuery.map { "?" + $0 } ?? ""
        return self.origin + path + query
    }

    /// `scheme://host[:port]`.
    var origin: String {
        "\(self.scheme)://\(self.host)" + (self.port.map { ":\($0)" } ?? "")
    }

    static func queryString(_ query: [(String, String)]) -> String {
        guard !query.isEmpty else { return "" }
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?/#")
        return "?"
            + query.map { name, value in
                let encoded = value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
                return "\(name)=\(encoded)"
            }.joined(separator: "&")
    }

    package var description: String {
        "ProviderEndpoint(\(self.provider), \(self.baseURL), key: redacted)"
    }
}
