package import Foundation
internal import GRDB

extension StateStore {
    /// The cached response for `key`, unless it expired at `now` (Unix ms).
    package func cachedResponse(key: String, now: Int64) async throws -> CachedResponse? {
        try await read("cached response") { db in
            try CachedResponse.fetchOne(
                db, sql: "SELECT * FROM response_cache WHERE key = ? AND expires_at > ?", arguments: [key, now])
        }
    }

    /// What dedupe needs for one bucket, read in ONE transaction so the two parts agree: the keys
    /// of its requests in flight (planned into a batch or a realtime group), whose twins wait for
    /// that answer, and the unexpired cached answers among `keys`. A leader completes and caches
    /// its answer in one transaction, so a key is always in one part or the other, never lost
    /// between them.
    package func dedupeView(
        bucket: String, keys: Set<String>, now: Int64
    ) async throws -> (inFlight: Set<String>, cached: [String: CachedResponse]) {
        try await read("dedupe view") { db in
            let inFlight = Set(
                try String.fetchAll(
                    db,
                    sql: "SELECT DISTINCT dedupe_key FROM requests WHERE bucket = ? AND status = 'planned' AND dedupe_key IS NOT NULL",
                    arguments: [bucket]))
            var cached: [String: CachedResponse] = [:]
            let all = Array(keys)
            for start in stride(from: 0, to: all.count, by: 500) {
                let slice = all[start..<min(start + 500, all.count)]
                let marks = Array(repeating: "?", count: slice.count).joined(separator: ",")
                let rows = try CachedResponse.fetchAll(
                    db, sql: "SELECT * FROM response_cache WHERE expires_at > ? AND key IN (\(marks))",
                    arguments: StatementArguments([now] + slice.map { $0 as any DatabaseValueConvertible }))
                for row in rows { cached[row.key] = row }
            }
            return (inFlight, cached)
        }
    }

    /// Stores (or replaces) the response for `key`, valid until `expiresAt` (Unix ms).
    package func storeResponse(key: String, response: Data, createdAt: Int64, expiresAt: Int64) async throws {
        guard expiresAt > createdAt else {
            throw StateStoreError.invalidArgument("response for \(key) expires before it is created")
        }
        try await write("store response") { db in
            try CachedResponse(key: key, response: response, createdAt: createdAt, expiresAt: expiresAt).save(db)
        }
    }

    /// Deletes up to `limit` responses expired at `now`.
    ///
    /// - Returns: How many were deleted.
    @discardableResult
    package func purgeExpiredResponses(now: Int64, limit: Int = 1_000) async throws -> Int {
        try await write("purge response cache") { db in
            try db.execute(
                sql: "DELETE FROM response_cache WHERE key IN (SELECT key FROM response_cache WHERE expires_at <= ? LIMIT ?)",
                arguments: [now, limit])
            return db.changesCount
        }
    }
}
