/// Logger metadata keys used by the store, in one place so that log queries stay stable.
enum StateStoreLoggingKeys {
    static let path = "state.path"
    static let durability = "state.durability"
    static let migrationsApplied = "state.migrations_applied"
    static let error = "state.error"
    static let batchID = "state.batch_id"
    static let transition = "state.transition"
    static let modeBefore = "state.mode_before"
    static let modeAfter = "state.mode_after"
    static let retention = "state.retention"
}
