import Foundation
@testable import RdKafka
import Synchronization
import Testing

/// The handle's own rules, on a fake pointer: teardown exactly once, no use after it, and a
/// destroy that waits for uses in flight.
@Suite("RdKafkaHandle", .timeLimit(.minutes(1)))
struct RdKafkaHandleTests {
    private static var fake: OpaquePointer { OpaquePointer(bitPattern: 0x5EED)! }

    @Test("destroy tears down once; later uses and destroys are refused")
    func destroyOnce() async throws {
        let teardowns = Atomic<Int>(0)
        let handle = RdKafkaHandle(Self.fake, name: "the fake") { pointer in
            // Counted, not #expect-ed: this runs on a plain thread, outside the test's task.
            teardowns.add(pointer == Self.fake ? 1 : 1_000, ordering: .relaxed)
        }
        #expect(try handle.withPointer { $0 } == Self.fake)
        let first = await onThread { handle.destroy() }
        let second = await onThread { handle.destroy() }
        #expect(first)
        #expect(!second)
        let teardownCount = teardowns.load(ordering: .relaxed)
        #expect(teardownCount == 1)
        #expect(handle.isDestroyed)
        let error = #expect(throws: KafkaError.self) { try handle.withPointer { _ in } }
        #expect(error?.isClosed == true)
        #expect(error?.isRetriable == false)
        #expect(error?.message.contains("the fake") == true)
    }

    @Test("destroy waits for a use in flight before tearing down")
    func destroyWaitsForUser() async throws {
        let tornDown = Atomic<Bool>(false)
        let handle = RdKafkaHandle(Self.fake, name: "the fake") { _ in tornDown.store(true, ordering: .releasing) }
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let user = Task.detached {
            await onThread { () -> Bool in
                // Still inside the use when released: the object must be alive then.
                (try? handle.withPointer { _ in
                    entered.signal()
                    release.wait()
                    return !tornDown.load(ordering: .acquiring)
                }) ?? false
            }
        }
        await onThread { entered.wait() }
        let destroyer = Task.detached { await onThread { handle.destroy() } }
        // Wait (for an event, not a time) until destroy has begun: new uses are refused...
        try await waitUntil { handle.isDestroyed }
        #expect(throws: KafkaError.self) { try handle.withPointer { _ in } }
        // ...but the teardown waits for the use in flight.
        let early = tornDown.load(ordering: .acquiring)
        #expect(!early, "torn down under a use")
        release.signal()
        #expect(await user.value, "the object was freed under a use")
        #expect(await destroyer.value)
        let late = tornDown.load(ordering: .acquiring)
        #expect(late)
    }

    @Test("many concurrent users against a destroy: none sees a freed object, all end")
    func concurrentUsers() async throws {
        let freed = SharedCounter()
        let badUses = SharedCounter()
        let otherErrors = SharedCounter()
        let goodUses = SharedCounter()
        let handle = RdKafkaHandle(Self.fake, name: "the fake") { _ in freed.add() }
        let users = (0..<8).map { _ in
            Task.detached {
                await onThread {
                    while true {
                        do {
                            try handle.withPointer { _ in
                                if freed.count > 0 { badUses.add() }
                                goodUses.add()
                            }
                        } catch {
                            if (error as? KafkaError)?.isClosed != true { otherErrors.add() }
                            return
                        }
                    }
                }
            }
        }
        try await waitUntil { goodUses.count > 10_000 }
        let destroyers = (0..<3).map { _ in Task.detached { await onThread { handle.destroy() } } }
        var claimed = 0
        for destroyer in destroyers where await destroyer.value { claimed += 1 }
        for user in users { await user.value }
        #expect(claimed == 1)
        #expect(badUses.count == 0, "a use saw the object freed")
        #expect(otherErrors.count == 0)
        #expect(freed.count == 1)
    }

    @Test("a handle dropped without destroy is still torn down, off the dropping thread")
    func deinitTearsDown() async throws {
        let tornDown = Atomic<Bool>(false)
        do {
            let handle = RdKafkaHandle(Self.fake, name: "the fake") { _ in tornDown.store(true, ordering: .releasing) }
            _ = try handle.withPointer { $0 }
        }
        try await waitUntil { tornDown.load(ordering: .acquiring) }
    }
}

/// Runs blocking `body` on a thread of its own, never on the cooperative pool.
func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: body()) }
    }
}

/// Waits for `condition` to become true, checking every few milliseconds, up to `timeout`.
func waitUntil(
    timeout: Duration = .seconds(10), _ what: String = "a condition", _ condition: () -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        guard ContinuousClock.now < deadline else { throw TimedOut(what: "waiting for \(what)") }
        try await Task.sleep(for: .milliseconds(5))
    }
}

/// An atomic count that escaping closures and plain threads can share.
final class SharedCounter: Sendable {
    private let value = Atomic<Int>(0)

    func add() { value.add(1, ordering: .acquiringAndReleasing) }

    var count: Int { value.load(ordering: .acquiring) }
}
