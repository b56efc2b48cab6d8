internal import GRDB

/// The provider endpoint family a request needs; requests of different endpoints never share a batch.
package enum Endpoint: String, Sendable, Hashable, Codable, CaseIterable, DatabaseValueConvertible {
    case chat
    case embedding
}
