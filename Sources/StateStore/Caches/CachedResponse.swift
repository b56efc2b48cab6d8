package import Foundation
internal import GRDB

/// A response kept so that an identical request can be answered without the provider (dedupe).
package struct CachedResponse: Sendable, Hashable, Codable {
    /// A hash of everything that determines the response (provider, model, rendered request).
    package var key: String
    package var response: Data
    package var createdAt: Int64
    package var expiresAt: Int64

    package init(key: String, response: Data, createdAt: Int64, expiresAt: Int64) {
        self.key = key
        self.response = response
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }

    enum CodingKeys: String, CodingKey {
        case key, response
        case createdAt = "created_at"
        case expiresAt = "expires_at"
    }
}

extension CachedResponse: FetchableRecord, PersistableRecord {
    static let databaseTableName = "response_cache"
}
