import Synchronization

/// Live figures for `/v1/stats` and the demo's progress line, kept beside the metrics because a
/// swift-metrics counter cannot be read back.
package final class PipelineCounters: Sendable {
    package struct Snapshot: Sendable, Hashable {
        package var eventsIn = 0
        package var journaled = 0
        package var duplicates = 0
        package var deadLettered = 0
        package var rejected = 0
        package var batchesSubmitted = 0
        package var realtimeCalls = 0
        package var published = 0
        /// True while the intake waits for disk space (``DiskFullWait``): nothing new is taken.
        package var intakePausedDiskFull = false
        /// Journal writes refused because the disk was full.
        package var diskFullRetries = 0
    }

    private let state = Mutex(Snapshot())

    package init() {}

    package var snapshot: Snapshot { state.withLock { $0 } }

    func update(_ body: (inout Snapshot) -> Void) {
        state.withLock { body(&$0) }
    }
}
