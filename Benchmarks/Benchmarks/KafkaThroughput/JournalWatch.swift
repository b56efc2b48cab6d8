import Foundation
import RawSQLite

/// Follows a process's journal from outside: it polls the largest rowid of a SQLite table (one
/// row per journaled record) and notes when the count first reaches one, a third, two thirds and
/// all of the records. Sluice and the Python peer are timed by the same watch, and neither is
/// asked anything.
struct JournalWatch {
    /// Instants at which the journal held 1, N/3, 2N/3 and N rows.
    struct Timeline {
        var first: ContinuousClock.Instant
        var oneThird: ContinuousClock.Instant
        var twoThirds: ContinuousClock.Instant
        var all: ContinuousClock.Instant
        let records: Int

        /// Records per second from the first row to the last (the group join is left out).
        var overall: Int { Self.rate(records - 1, from: first, to: all) }
        var firstThird: Int { Self.rate(records / 3 - 1, from: first, to: oneThird) }
        var lastThird: Int { Self.rate(records - 2 * records / 3, from: twoThirds, to: all) }

        static func rate(_ count: Int, from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) -> Int {
            let elapsed = start.duration(to: end)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            return seconds > 0 ? Int((Double(count) / seconds).rounded()) : 0
        }
    }

    let database: String
    let table: String
    let records: Int

    /// Polls every 5 ms until the table holds `records` rows; fails if `process` exits first or
    /// `timeout` passes.
    func follow(_ process: ChildProcess, timeout: Duration) async throws -> Timeline {
        let started = ContinuousClock.now
        var marks: [ContinuousClock.Instant?] = [nil, nil, nil, nil]
        let thresholds = [1, records / 3, 2 * records / 3, records]
        while marks[3] == nil {
            let count = Int(raw_sqlite_max_rowid(database, table))
            let now = ContinuousClock.now
            for (slot, threshold) in thresholds.enumerated() where marks[slot] == nil && count >= threshold {
                marks[slot] = now
            }
            if marks[3] != nil { break }
            if process.hasExited {
                throw BenchmarkFailure("the process exited with \(count) of \(records) rows journaled:\n\(process.logTail())")
            }
            if now - started > timeout {
                throw BenchmarkFailure("\(count) of \(records) rows journaled after \(timeout):\n\(process.logTail())")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        return Timeline(first: marks[0]!, oneThird: marks[1]!, twoThirds: marks[2]!, all: marks[3]!, records: records)
    }
}
