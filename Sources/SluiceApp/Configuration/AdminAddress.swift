internal import AdminHTTP
import Foundation

/// Where the admin HTTP server (health, readiness, metrics, control) listens.
package struct AdminAddress: Sendable, Hashable, CustomStringConvertible {
    package var host: String
    /// 0 asks the system for a free port (tests).
    package var port: Int

    package init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Loopback only by default: the control endpoints must not be reachable from the network unless
    /// an operator says so.
    package static let `default` = AdminAddress(host: "127.0.0.1", port: 9090)

    package var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Parses `host:port`, `[ipv6]:port` or `:port` (all interfaces); `nil` for `off`.
    static func parse(_ text: String, key: String) throws(SluiceConfigurationError) -> AdminAddress? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if ConfigValue.isOff(trimmed) { return nil }
        let expected = "host:port (e.g. 127.0.0.1:9090, [::1]:9090, :9090 for every interface) or off"
        // The admin server's own parser, so the setting and the server never disagree.
        guard let parsed = try? AdminConfiguration(address: trimmed), !parsed.host.contains(where: \.isWhitespace) else {
            throw .invalid(key, text, expected: expected)
        }
        return AdminAddress(host: parsed.host, port: parsed.port)
    }
}
