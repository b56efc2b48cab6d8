import Dispatch
import Foundation
import Synchronization

/// A dedicated OS thread that drives one librdkafka handle.
///
/// librdkafka's blocking polls and the callbacks they serve (delivery reports, rebalances, logs)
/// run here, never on Swift's cooperative pool. The thread's body owns the handle's teardown, so
/// `rd_kafka_destroy`, which joins librdkafka's own threads, also never blocks the pool.
final class PollThread: Sendable {
    private struct State {
        var stopRequested = false
        var finished = false
        var waiters: [UInt64: CheckedContinuation<Bool, Never>] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Starts the thread at once.
    /// - Parameters:
    ///   - name: the OS thread name, shown in debuggers and `top -H`.
    ///   - body: runs until it sees ``isStopRequested`` and has torn down its handle.
    init(name: String, body: @escaping @Sendable (PollThread) -> Void) {
        let thread = Thread { [self] in
            body(self)
            let waiters = state.withLock { state in
                state.finished = true
                defer { state.waiters = [:] }
                return state.waiters.values
            }
            for waiter in waiters { waiter.resume(returning: true) }
        }
        thread.name = name
        thread.start()
    }

    /// Whether the body should wind down.
    var isStopRequested: Bool { state.withLock { $0.stopRequested } }

    /// Asks the body to wind down; returns at once.
    func requestStop() {
        state.withLock { $0.stopRequested = true }
    }

    /// Suspends until the body has returned (and so the handle is destroyed).
    func join() async {
        _ = await join(timeout: nil)
    }

    /// Suspends until the body has returned or `timeout` has passed, whichever comes first, so a
    /// teardown stuck inside librdkafka cannot hang its caller (the thread itself runs on).
    /// - Returns: `true` if the body returned in time.
    func join(timeout: Duration?) async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let id: UInt64? = state.withLock { state in
                if state.finished { return nil }
                let id = state.nextWaiter
                state.nextWaiter += 1
                state.waiters[id] = continuation
                return id
            }
            guard let id else { return continuation.resume(returning: true) }
            guard let timeout else { return }
            let nanoseconds = Int(clamping: timeout.components.seconds * 1_000_000_000
                + timeout.components.attoseconds / 1_000_000_000)
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { [self] in
                let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
                waiter?.resume(returning: false)
            }
        }
    }

    /// Extra time a caller gives the thread, beyond its own bound, to free its handle
    /// (`rd_kafka_destroy` joins librdkafka's threads) before it stops waiting.
    static let teardownGrace: Duration = .seconds(10)
}
