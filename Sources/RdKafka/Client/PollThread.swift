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
        var waiters: [CheckedContinuation<Void, Never>] = []
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
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
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
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state in
                if state.finished { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }
}
