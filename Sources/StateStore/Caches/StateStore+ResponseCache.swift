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

    /// The unexpired cached responses among `keys`, by key (one query per 500 keys).
    package func cachedResponses(keys: Set<String>, now: Int64) async throws -> [String: CachedResponse] {
        guard !keys.isEmpty else { return [:] }
        return try await read("cached responses") { db in
            var found: [String: CachedResponse] = [:]
            let all = Array(keys)
            for start in stride(from: 0, to: all.count, by: 500) {
                let slice = all[start..<min(start + 500, all.count)]
                let marks = Array(repeating: "?", count: slice.count).joined(separator: ",")
                let rows = try CachedResponse.fetchAll(
                    db, sql: "SELECT * FROM response_cache WHERE expires_at > ? AND key IN (\(marks))",
                    arguments: StatementArguments([now] + slice.map { $0 as any DatabaseValueConvertible }))
                for row in rows { found[row.key] = row }
            }
            return found
        }
    }

    /// The dedupe keys of a bucket's requests that are in flight (planned into a batch or a
    /// realtime group): an identical request waits for that answer instead of being sent again.
    package func plannedDedupeKeys(bucket: String) async throws -> Set<String> {
        try await read("planned dedupe keys") { db in
            Set(
                try String.fetchAll(
                    db,
                    sql: "SELECT DISTINCT dedupe_key FROM requests WHERE bucket = ? AND status = 'planned' AND dedupe_key IS NOT NULL",
                    arguments: [bucket]))
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

    /// Deletes responses expired at `now`.
    ///
    /// - Returns: How many were deleted.
    @discardableResult
    package func purgeExpiredResponses(now: Int64) async throws -> Int {
        try await write("purge response cache") { db in
            try db.execute(sql: "DELETE FROM response_cache WHERE expires_at <= ?", arguments: [now])
            return db.changesCount
        }
    }
}
