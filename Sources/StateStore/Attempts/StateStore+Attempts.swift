internal import GRDB

extension StateStore {
    /// Every attempt at a request, first to last.
    package func attempts(tenant: String, id: String) async throws -> [AttemptRecord] {
        try await read("attempts") { db in
            try AttemptRecord.fetchAll(
                db, sql: "SELECT * FROM attempts WHERE tenant = ? AND request_id = ? ORDER BY attempt",
                arguments: [tenant, id])
        }
    }
}
