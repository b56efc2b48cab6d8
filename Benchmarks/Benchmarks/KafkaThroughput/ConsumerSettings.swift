import Foundation

/// The consumer settings reference/kafka.md §1.6 gives for the embedded broker, used by both
/// clients; everything else is KafkaConsumerConfiguration's defaults (the baseline copies them).
struct ConsumerSettings: Sendable {
    static let embedded = ConsumerSettings()

    let sessionTimeoutMilliseconds = 6_000
    let heartbeatIntervalMilliseconds = 500
    let fetchWaitMaxMilliseconds = 10
    /// Bound on the group join plus the first record (the mock holds a new group's join ~3 s).
    let firstRecordTimeoutMilliseconds: Int32 = 60_000
    /// Bound on the rest of the backlog.
    let drainTimeoutMilliseconds: Int32 = 120_000

    /// A group of its own for every iteration, so each starts from the earliest offset.
    static func freshGroupID(_ workload: Workload, client: String) -> String {
        "bench-\(workload.label)-\(client)-\(UUID().uuidString)"
    }
}
