import AdminHTTP
import Foundation
import StateStore
import Synchronization

/// A backend over a real store, with readiness and flush the tests can steer and observe.
final class TestBackend: AdminBackend {
    struct StoreUnavailable: Error, CustomStringConvertible {
        var description: String { "store unavailable (test)" }
    }

    let store: StateStore
    let checks: Mutex<[String: Bool]>
    let failStats = Mutex(false)
    let flushCalls = Mutex(0)
    let batchQueries = Mutex<[(Set<BatchRecord.State>, Int)]>([])

    init(store: StateStore, checks: [String: Bool] = ["state_store": true, "kafka_producer": true]) {
        self.store = store
        self.checks = Mutex(checks)
    }

    func readiness() async -> [String: Bool] { checks.withLock { $0 } }

    func stats() async throws -> StoreStats {
        if failStats.withLock({ $0 }) { throw StoreUnavailable() }
        return try await store.stats()
    }

    func pipelineStats() async -> [String: Double] {
        ["events_in": 4, "uptime_seconds": 12.5, "not_a_number": .nan]
    }

    func batches(states: Set<BatchRecord.State>, limit: Int) async throws -> [BatchRecord] {
        batchQueries.withLock { $0.append((states, limit)) }
        return Array(try await store.batches(inStates: states).prefix(limit))
    }

    /// Reports the store's pending requests as released (the pipeline would plan them).
    func flush() async throws -> Int {
        flushCalls.withLock { $0 += 1 }
        return try await store.requestCounts()[.pending] ?? 0
    }
}
