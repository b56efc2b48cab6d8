internal import GRDB

extension StateStore {
    /// Records what a finished fan-out showed of routing overflow: `routes` keys took more
    /// requests than the provider routes to one machine, and `misses` of their requests read
    /// nothing from the cache.
    package func noteRoutingOverflow(provider: String, model: String, routes: Int, misses: Int, at: Int64) async throws {
        guard routes > 0 else { return }
        try await write("note routing overflow") { db in
            try db.execute(
                sql: "INSERT INTO routing_observations (provider, model, routes, misses, observed_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [provider, model, routes, max(misses, 0), at])
        }
    }

    /// Misses per overflowing route over a model's latest `limit` observations; `nil` before any.
    package func routingMissesPerOverflowingRoute(provider: String, model: String, limit: Int = 20) async throws -> Double? {
        try await read("routing overflow") { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COALESCE(SUM(routes), 0) AS routes, COALESCE(SUM(misses), 0) AS misses FROM (
                        SELECT routes, misses FROM routing_observations
                        WHERE provider = ? AND model = ? ORDER BY id DESC LIMIT ?
                    )
                    """,
                arguments: [provider, model, max(limit, 1)])
            let routes: Int = row?["routes"] ?? 0
            let misses: Int = row?["misses"] ?? 0
            return routes > 0 ? Double(misses) / Double(routes) : nil
        }
    }
}
