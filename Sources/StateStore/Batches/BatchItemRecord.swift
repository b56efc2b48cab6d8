package import Foundation
internal import GRDB

/// One item of a batch as stored.
package struct BatchItemRecord: Sendable, Hashable, Codable {
    package var batchID: UUID
    package var customID: String
    package var tenant: String?
    package var requestID: String?

    package init(batchID: UUID, customID: String, tenant: String?, requestID: String?) {
        self.batchID = batchID
        self.customID = customID
        self.tenant = tenant
        self.requestID = requestID
    }

    /// The request this item answers; nil for a primer or overhead item.
    package var request: RequestKey? {
        guard let tenant, let requestID else { return nil }
        return RequestKey(tenant: tenant, requestID: requestID)
    }

    enum CodingKeys: String, CodingKey {
        case batchID = "batch_id"
        case customID = "custom_id"
        case tenant
        case requestID = "request_id"
    }
}

extension BatchItemRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "batch_items"

    static func databaseUUIDEncodingStrategy(for column: String) -> DatabaseUUIDEncodingStrategy { .lowercaseString }
}
