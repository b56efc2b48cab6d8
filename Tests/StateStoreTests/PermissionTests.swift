import Foundation
import StateStore
import Testing

@Suite("Permissions of the data directory", .timeLimit(.minutes(1)))
struct PermissionTests {
    static func mode(_ path: String) throws -> Int16 {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? NSNumber).int16Value & 0o777
    }

    @Test("a new data directory is 0700 and the database, -wal and -shm files 0600")
    func fresh() async throws {
        try await withStore { store, directory in
            _ = try await store.journal([Fixtures.entry(id: "r1")])
            let database = directory.appendingPathComponent(StateStore.databaseFileName).path
            #expect(try Self.mode(directory.path) == 0o700)
            for path in [database, database + "-wal", database + "-shm"] {
                #expect(try Self.mode(path) == 0o600, "\(path)")
            }
        }
    }

    @Test("an existing directory and database with looser modes are tightened at open")
    func tightened() async throws {
        try await withTemporaryDirectory { directory in
            let first = try await StateStore.open(directory: directory, logger: Fixtures.logger)
            _ = try await first.journal([Fixtures.entry(id: "r1")])
            try await first.close()
            let database = directory.appendingPathComponent(StateStore.databaseFileName).path
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: database)
            #expect(try Self.mode(directory.path) == 0o755)

            let store = try await StateStore.open(directory: directory, logger: Fixtures.logger)
            #expect(try Self.mode(directory.path) == 0o700)
            for path in [database, database + "-wal", database + "-shm"] {
                #expect(try Self.mode(path) == 0o600, "\(path)")
            }
            #expect(try await store.request(tenant: "acme", id: "r1")?.status == .pending)
            try await store.close()
        }
    }
}
