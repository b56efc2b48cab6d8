internal import Foundation

extension UUID {
    /// How ids are stored and bound in SQL: lowercase text. (GRDB binds a bare `UUID` argument as a
    /// 16-byte blob, which would never equal a TEXT column; always bind this.)
    var storeText: String { uuidString.lowercased() }
}
