import Dispatch
import Foundation
import Synchronization

/// The one owner of a librdkafka object (a client `rd_kafka_t*`, or a mock cluster): hands the
/// pointer out only inside ``withPointer(_:)`` and frees it exactly once, never under a user.
///
/// Every use counts itself in and out under a mutex; ``destroy()`` first refuses new uses, then
/// waits for the uses in flight to end, then runs the teardown. So a call racing a close either
/// completes on a live object or throws ``KafkaError`` `closed`, and no pointer outlives its object.
///
/// - Important: the mutex is held only to count, never across a librdkafka call, so a callback
///   that librdkafka runs inside a use may itself start another use (or read ``isDestroyed``).
///   Never call ``destroy()`` from inside ``withPointer(_:)`` (it would wait for itself), and never
///   hold a use across an `await` that depends on the poll thread that destroys the handle.
final class RdKafkaHandle: Sendable {
    private enum Phase {
        case open
        /// ``destroy()`` has begun: no new uses; the teardown runs once the last use ends.
        case destroying
        case destroyed
    }

    private struct State {
        var pointer: BorrowedPointer?
        var phase = Phase.open
        var users = 0
    }

    private let state: Mutex<State>
    /// Signalled once, by the last use to end after ``destroy()`` began.
    private let drained = DispatchSemaphore(value: 0)
    /// Left once the teardown has run, so every ``destroy()`` returns only after it.
    private let tornDown = DispatchGroup()
    /// What the object is, for the closed error ("the consumer", "the embedded broker").
    private let name: String
    private let teardown: @Sendable (OpaquePointer) -> Void

    /// Takes ownership of `pointer`.
    /// - Parameters:
    ///   - name: names the object in the error a use after destroy throws.
    ///   - teardown: frees the object (and what hangs off it, in the order librdkafka needs);
    ///     runs exactly once, on the thread that calls ``destroy()``, after every use has ended.
    init(_ pointer: OpaquePointer, name: String, teardown: @escaping @Sendable (OpaquePointer) -> Void) {
        self.state = Mutex(State())
        self.name = name
        self.teardown = teardown
        let owned = BorrowedPointer(pointer)
        state.withLock { $0.pointer = owned }
        tornDown.enter()
    }

    deinit {
        // No use can be in flight (each holds a reference). Freeing may join librdkafka's threads,
        // so never on whichever thread (perhaps the cooperative pool) drops the last reference.
        guard let pointer = state.withLock({ $0.phase == .open ? $0.pointer : nil }) else { return }
        let teardown = self.teardown
        Thread.detachNewThread { teardown(pointer.raw) }
    }

    /// Runs `body` with the live pointer; the object cannot be freed until `body` returns.
    /// - Throws: ``KafkaError`` `closed` once ``destroy()`` has begun, or what `body` throws.
    func withPointer<T>(_ body: (OpaquePointer) throws(KafkaError) -> T) throws(KafkaError) -> T {
        let pointer: BorrowedPointer? = state.withLock { state in
            guard state.phase == .open, let pointer = state.pointer else { return nil }
            state.users += 1
            return pointer
        }
        guard let pointer else { throw .closed("\(name) is closed") }
        defer { endUse() }
        return try body(pointer.raw)
    }

    private func endUse() {
        let last = state.withLock { state in
            state.users -= 1
            return state.users == 0 && state.phase == .destroying
        }
        if last { drained.signal() }
    }

    /// Whether ``destroy()`` has begun (new uses are refused).
    var isDestroyed: Bool { state.withLock { $0.phase != .open } }

    /// Refuses new uses, waits for those in flight, and frees the object. Any later or concurrent
    /// call waits for that same teardown and frees nothing.
    /// - Returns: `true` for the one call that ran the teardown.
    /// - Important: blocks (on users and on librdkafka joining its threads): call it from a poll
    ///   thread or a blocking queue, never from the cooperative pool or inside ``withPointer(_:)``.
    @discardableResult
    func destroy() -> Bool {
        let claimed: (pointer: BorrowedPointer, wait: Bool)? = state.withLock { state in
            guard state.phase == .open, let pointer = state.pointer else { return nil }
            state.phase = .destroying
            return (pointer, state.users > 0)
        }
        guard let claimed else {
            tornDown.wait()
            return false
        }
        if claimed.wait { drained.wait() }
        teardown(claimed.pointer.raw)
        state.withLock { state in
            state.pointer = nil
            state.phase = .destroyed
        }
        tornDown.leave()
        return true
    }
}
