/// Scheduling priority of a request (`priority`, default `normal`).
package enum Priority: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// May wait for a fuller or cheaper batch.
    case low
    case normal
    /// Released first; may bypass batching near its deadline.
    case high

    private var rank: Int {
        switch self {
        case .low: 0
        case .normal: 1
        case .high: 2
        }
    }

    package static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rank < rhs.rank }
}
