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
