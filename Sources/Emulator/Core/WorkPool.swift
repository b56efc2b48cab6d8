import Synchronization

import Foundation

/// The providers' bounded pool of model workers: batch items from every batch wait here and at
/// most `workers` of them run at once, highest priority first, then in submission order (items of
/// one batch are shuffled before submission, so they finish in no particular order).
///
/// Scheduling is a discrete-event simulation on the emulated clock: each worker is free again at
/// an exact emulated instant, and an item starts at `max(worker free, item ready)`, not at whatever
/// real instant a task happened to be scheduled. Items therefore touch the prompt caches in
/// emulated-time order, so "the first wave of a cold batch runs concurrently and misses" holds at
/// any speedup, by mechanism.
final class WorkPool: Sendable {
    /// What starting an item decided: how long it runs and what to do when it is done.
    struct Started: Sendable {
        /// Emulated seconds the item occupies its worker.
        var duration: Double
        /// Writes the item's result; called once its emulated end time is reached.
        var finish: @Sendable () async -> Void
    }

    /// One queued batch item.
    struct Job: Sendable {
        /// The batch it belongs to (for cancel and expiry).
        var batchKey: String
        /// Index of the item in its batch.
        var item: Int
        /// Higher runs first (Gemini `priority`).
        var priority: Int
        /// Emulated instant the item became runnable.
        var readyAt: Date
        /// Starts the item at an emulated instant (reads and writes caches as of then).
        var start: @Sendable (Date) -> Started
    }

    private struct State {
        var queues: [Int: [Job]] = [:]
        var heads: [Int: Int] = [:]
        var waiters: [CheckedContinuation<Job?, Never>] = []
        var closed = false
        var queued = 0

        mutating func pop() -> Job? {
            guard queued > 0 else { return nil }
            for priority in queues.keys.sorted(by: >) {
                var head = heads[priority, default: 0]
                guard var queue = queues[priority], head < queue.count else { continue }
                let job = queue[head]
                head += 1
                if head > 1024, head * 2 > queue.count {
                    queue.removeFirst(head)
                    head = 0
                }
                queues[priority] = head == queue.count ? [] : queue
                heads[priority] = head == queue.count ? 0 : head
                queued -= 1
                return job
            }
            return nil
        }
    }

    private let state = Mutex(State())

    init() {}

    /// Queues jobs, waking idle workers.
    func submit(_ jobs: [Job]) {
        var wake: [(CheckedContinuation<Job?, Never>, Job)] = []
        state.withLock { state in
            guard !state.closed else { return }
            for job in jobs {
                state.queues[job.priority, default: []].append(job)
                state.queued += 1
            }
            while !state.waiters.isEmpty, let job = state.pop() {
                wake.append((state.waiters.removeFirst(), job))
            }
        }
        for (continuation, job) in wake { continuation.resume(returning: job) }
    }

    /// Removes and returns the queued (not yet started) jobs of one batch.
    func removeQueued(batchKey: String) -> [Job] {
        state.withLock { state in
            var removed: [Job] = []
            for (priority, queue) in state.queues {
                let head = state.heads[priority, default: 0]
                guard head < queue.count else { continue }
                var kept: [Job] = []
                for job in queue[head...] {
                    if job.batchKey == batchKey { removed.append(job) } else { kept.append(job) }
                }
                state.queues[priority] = kept
                state.heads[priority] = 0
            }
            state.queued -= removed.count
            return removed
        }
    }

    /// Number of queued jobs.
    var queuedCount: Int { state.withLock { $0.queued } }

    private func next() async -> Job? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Job?, Never>) in
                let immediate: Job?? = state.withLock { state in
                    if state.closed { return .some(nil) }
                    if let job = state.pop() { return .some(job) }
                    state.waiters.append(continuation)
                    return .none
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            close()
        }
    }

    /// Stops handing out work and releases idle workers.
    func close() {
        let waiters = state.withLock { state in
            state.closed = true
            let waiters = state.waiters
            state.waiters = []
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: nil) }
    }

    /// Runs `count` simulated workers on `clock` until the pool is closed or the task is cancelled.
    func runWorkers(count: Int, clock: EmulatorClock) async {
        await withDiscardingTaskGroup { group in
            var freeAt = [Date](repeating: .distantPast, count: max(1, count))
            while !Task.isCancelled {
                var worker = 0
                for index in freeAt.indices where freeAt[index] < freeAt[worker] { worker = index }
                if freeAt[worker] > clock.now {
                    do { try await clock.sleep(until: freeAt[worker]) } catch { break }
                    continue
                }
                guard let job = await next() else { break }
                let start = max(freeAt[worker], job.readyAt)
                let started = job.start(start)
                let end = start.addingTimeInterval(max(0, started.duration))
                freeAt[worker] = end
                group.addTask {
                    do { try await clock.sleep(until: end) } catch { return }
                    await started.finish()
                }
            }
            group.cancelAll()
        }
    }
}
