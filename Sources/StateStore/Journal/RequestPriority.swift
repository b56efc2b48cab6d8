internal import GRDB

/// Scheduling priority, stored as an integer so that SQL orders it (0 low, 1 normal, 2 high).
package enum RequestPriority: Int, Sendable, Hashable, Codable, CaseIterable, Comparable, DatabaseValueConvertible {
    case low = 0
    case normal = 1
    case high = 2

    package static func < (lhs: RequestPriority, rhs: RequestPriority) -> Bool { lhs.rawValue < rhs.rawValue }
}
