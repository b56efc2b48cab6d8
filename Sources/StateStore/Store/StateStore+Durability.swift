extension StateStore {
    /// How hard a commit tries to reach the disk (SQLite `PRAGMA synchronous` in WAL mode).
    package enum Durability: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// `FULL`: the WAL is fsynced at every commit. A commit that returned survives a power
        /// loss, which is what storing a Kafka offset after the journal commit relies on. The
        /// default.
        case full
        /// `NORMAL`: the WAL is fsynced only at checkpoints. Survives a process crash, but a power
        /// loss may undo the last commits after their offsets were stored (those requests are then
        /// lost). Faster; for disposable environments or volumes with their own guarantees.
        case normal

        var pragmaValue: Int {
            switch self {
            case .full: 2
            case .normal: 1
            }
        }

        init?(pragmaValue: Int) {
            switch pragmaValue {
            case 2: self = .full
            case 1: self = .normal
            default: return nil
            }
        }

        package var description: String { rawValue }
    }
}
