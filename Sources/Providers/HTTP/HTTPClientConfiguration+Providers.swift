package import AsyncHTTPClient
package import NIOCore

extension HTTPClient.Configuration {
    /// The configuration the lead should give the one `HTTPClient` shared by all provider clients.
    ///
    /// Redirects are refused so an API key is never replayed to another host; `readTimeout` bounds
    /// a stalled body (a request deadline does not cover body streaming in AsyncHTTPClient).
    ///
    /// - Parameters:
    ///   - connectTimeout: TCP/TLS connect timeout (10 s).
    ///   - readTimeout: longest silence while reading a response (120 s); also the longest a
    ///     realtime generation may take to send its head, so keep it above the slowest model.
    package static func sluiceProviders(
        connectTimeout: TimeAmount = .seconds(10),
        readTimeout: TimeAmount = .seconds(120)
    ) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: connectTimeout, read: readTimeout)
        return configuration
    }
}
