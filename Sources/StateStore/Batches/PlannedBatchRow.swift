import Foundation
internal import GRDB

/// A new batch's row: the record and its plan, which only this insert writes (``BatchRecord``
/// leaves the plan out so that no update rewrites it).
struct PlannedBatchRow: PersistableRecord {
    static let databaseTableName = BatchRecord.databaseTableName

    var record: BatchRecord
    var plan: Data

    func encode(to container: inout PersistenceContainer) throws {
        try record.encode(to: &container)
        container["plan"] = plan
    }
}
