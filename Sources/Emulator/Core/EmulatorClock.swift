package import Foundation
import Synchronization

/// The emulator's notion of time: wall-clock time at start plus real elapsed time multiplied by
/// `speedup`, plus any manual jumps. Every provider timestamp, TTL, expiry window and simulated model
/// duration is measured on it, so a test at 1000× sees a 5-minute cache TTL lapse in 0.3 s.
package final class EmulatorClock: Sendable {
    /// How many emulated seconds pass per real second.
    package let speedup: Double
    private let origin: Date
    private let startInstant: ContinuousClock.Instant
    private let offset = Mutex<Double>(0)

    /// A clock starting now.
    /// - Parameters:
    ///   - speedup: emulated seconds per real second (must be > 0).
    ///   - origin: the emulated time at start; defaults to the wall clock.
    package init(speedup: Double, origin: Date = Date()) {
        precondition(speedup > 0, "speedup must be positive")
        self.speedup = speedup
        self.origin = origin
        self.startInstant = ContinuousClock.now
    }

    /// The current emulated time.
    package var now: Date {
        let elapsed = ContinuousClock.now - startInstant
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return origin.addingTimeInterval(seconds * speedup + offset.withLock { $0 })
    }

    /// Jumps emulated time forward without waiting; sleepers notice within a few real milliseconds.
    package func advance(by seconds: Double) {
        offset.withLock { $0 += max(0, seconds) }
    }

    /// Real seconds that correspond to `emulatedSeconds`.
    package func realSeconds(for emulatedSeconds: Double) -> Double {
        emulatedSeconds / speedup
    }

    /// Sleeps until the emulated time reaches `deadline`.
    /// - Throws: `CancellationError` when the task is cancelled.
    package func sleep(until deadline: Date) async throws {
        while true {
            let remaining = deadline.timeIntervalSince(now)
            if remaining <= 0 { return }
            // Re-check at least every 50 ms of real time so `advance(by:)` takes effect promptly.
            let real = min(remaining / speedup, 0.05)
            try await Task.sleep(for: .nanoseconds(Int64(max(real, 0.000_05) * 1e9)))
        }
    }

    /// Sleeps for `emulatedSeconds` of emulated time.
    package func sleep(for emulatedSeconds: Double) async throws {
        guard emulatedSeconds > 0 else { return }
        try await sleep(until: now.addingTimeInterval(emulatedSeconds))
    }
}
