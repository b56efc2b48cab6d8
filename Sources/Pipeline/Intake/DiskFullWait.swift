package import Logging
internal import Metrics
internal import ServiceLifecycle
internal import StateStore

/// Retries a journal write for as long as the disk is full, so that a full disk pauses the
/// intake instead of crash-looping it (DESIGN §7, "Bounded").
///
/// While it waits, the chunk stays in hand (its offsets are not stored, so nothing is lost even if
/// the process dies), no new chunk is taken (the consumer pauses its partitions once the reader
/// lags, and keeps its group membership), ``PipelineCounters`` and the
/// `sluice_intake_paused_disk_full` gauge say so, which `/readyz` reports, and the log says so at
/// error level. The alert cannot go through `llm.alerts`: the outbox lives in the same full
/// database. The write is tried again with backoff until space returns (retention frees it, or
/// the volume grows), then the intake resumes where it was.
package struct DiskFullWait: Sendable {
    /// First wait after a refused write.
    package var initialDelay: Duration = .milliseconds(100)
    /// Longest wait between tries.
    package var maxDelay: Duration = .seconds(5)

    package init(initialDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(5)) {
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
    }

    /// Runs `write` until it does not fail with a full disk.
    ///
    /// - Throws: Any other error of `write` at once; the disk-full error itself only when the
    ///   task is cancelled or the service is shutting down while it waits (the chunk's offsets
    ///   are not stored then, so it is read again after the restart).
    package func run<T: Sendable>(
        counters: PipelineCounters, metrics: PipelineMetrics, logger: Logger, _ write: () async throws -> T
    ) async throws -> T {
        var delay = initialDelay
        var paused = false
        defer {
            if paused {
                counters.update { $0.intakePausedDiskFull = false }
                metrics.intakePausedDiskFull.record(0)
            }
        }
        while true {
            do {
                let value = try await write()
                if paused { logger.notice("Disk space is back: intake resumed") }
                return value
            } catch let error as StateStoreError where error.isDiskFull {
                counters.update { $0.diskFullRetries += 1 }
                metrics.diskFullRetries.increment()
                if !paused {
                    paused = true
                    counters.update { $0.intakePausedDiskFull = true }
                    metrics.intakePausedDiskFull.record(1)
                    logger.error(
                        "Disk full: intake paused, the chunk in hand is kept and retried until space returns",
                        metadata: ["error": "\(error)"])
                }
                if Task.isCancelled || Task.isShuttingDownGracefully { throw error }
                try await Task.sleep(for: delay)
                delay = min(delay * 2, maxDelay)
            }
        }
    }
}
