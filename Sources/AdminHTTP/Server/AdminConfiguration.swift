import Foundation

/// Where the admin HTTP server listens.
///
/// | key | type | default | secret |
/// |---|---|---|---|
/// | `host` | `String` | `127.0.0.1` | no |
/// | `port` | `Int` (0 = any free port) | `9090` | no |
///
/// `SLUICE_ADMIN_ADDR` (`host:port`) maps onto it through ``init(address:)``. Containers should
/// listen on `0.0.0.0:9090` so that probes and Prometheus reach it.
package struct AdminConfiguration: Sendable, Hashable {
    /// The default address, loopback only: the admin API has no authentication.
    package static let defaultAddress = "127.0.0.1:9090"

    /// A host name or IP address to bind (`0.0.0.0` or `::` for every interface).
    package var host: String
    /// The TCP port; 0 lets the system choose (read it back from ``AdminServer/boundAddress``).
    package var port: Int

    /// - Parameters:
    ///   - host: A host name or IP address to bind.
    ///   - port: The TCP port, 0 for any free port.
    package init(host: String = "127.0.0.1", port: Int = 9090) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port`, `[ipv6]:port` or `:port` (every interface).
    /// - Parameter address: The address, as in `SLUICE_ADMIN_ADDR`.
    /// - Throws: ``AdminHTTPError`` (`isInvalidAddress`) when it has no port or the port is out of
    ///   range.
    package init(address: String) throws {
        let text = address.trimmingCharacters(in: .whitespaces)
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"),
                text.index(after: close) < text.endIndex, text[text.index(after: close)] == ":"
            else { throw AdminHTTPError.invalidAddress(address) }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else {
                throw AdminHTTPError.invalidAddress(address)
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard let port = Int(portText), (0...65_535).contains(port) else {
            throw AdminHTTPError.invalidAddress(address)
        }
        self.init(host: host.isEmpty ? "0.0.0.0" : String(host), port: port)
    }
}
