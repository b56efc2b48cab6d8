import AdminHTTP
import Testing

@Suite("Admin configuration", .timeLimit(.minutes(1)))
struct AdminConfigurationTests {
    @Test("SLUICE_ADMIN_ADDR forms parse to host and port", arguments: [
        ("127.0.0.1:9090", "127.0.0.1", 9090),
        ("0.0.0.0:9090", "0.0.0.0", 9090),
        (":8080", "0.0.0.0", 8080),
        ("[::1]:9090", "::1", 9090),
        ("admin.local:0", "admin.local", 0),
    ])
    func parses(address: String, host: String, port: Int) throws {
        let configuration = try AdminConfiguration(address: address)
        #expect(configuration.host == host)
        #expect(configuration.port == port)
    }

    @Test("addresses without a valid port are refused", arguments: ["9090", "localhost", "host:", "host:65536", "::1:9090", "[::1]9090"])
    func refuses(address: String) {
        #expect(throws: AdminHTTPError.self) { try AdminConfiguration(address: address) }
        #expect((try? AdminConfiguration(address: address)) == nil)
    }

    @Test("the default is loopback 9090, and local URLs replace wildcards with loopback")
    func defaults() throws {
        #expect(try AdminConfiguration(address: AdminConfiguration.defaultAddress) == AdminConfiguration())
        #expect(AdminAddress(host: "0.0.0.0", port: 9090).localURL == "http://127.0.0.1:9090")
        #expect(AdminAddress(host: "::", port: 9090).localURL == "http://[::1]:9090")
        #expect(AdminAddress(host: "::1", port: 1).description == "[::1]:1")
    }
}
