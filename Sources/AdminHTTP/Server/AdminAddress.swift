/// The address the admin server actually listens on, once bound.
package struct AdminAddress: Sendable, Hashable, CustomStringConvertible {
    /// The host it was asked to bind (a wildcard stays a wildcard).
    package var host: String
    /// The bound port (the system's choice when the configuration said 0).
    package var port: Int

    /// - Parameters:
    ///   - host: The host as configured.
    ///   - port: The bound port.
    package init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port`, with IPv6 hosts in brackets.
    package var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// A base URL a local client can use: wildcards are replaced by loopback.
    package var localURL: String {
        let reachable =
            switch host {
            case "0.0.0.0", "": "127.0.0.1"
            case "::": "::1"
            default: host
            }
        return "http://\(AdminAddress(host: reachable, port: port))"
    }
}
