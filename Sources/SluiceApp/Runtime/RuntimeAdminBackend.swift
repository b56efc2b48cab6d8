import AdminHTTP
import Foundation
import Pipeline
import RdKafka
import StateStore

/// The admin API's view of a running instance.
struct RuntimeAdminBackend: AdminBackend {
    let runtime: SluiceRuntime
    let started = Date()

    func readiness() async -> [String: Bool] {
        let storeOK = (try? await runtime.store.stats()) != nil
        return [
            "state_store": storeOK,
            "kafka_producer": runtime.producer.fatalError == nil,
            "kafka_consumer": runtime.consumer.fatalError == nil,
            "kafka_consumer_assigned": !runtime.consumer.assignment.isEmpty,
            // False while the intake waits for disk space to journal (nothing is lost meanwhile).
            "disk_space": !runtime.pipeline.counters.snapshot.intakePausedDiskFull,
        ]
    }

    func stats() async throws -> StoreStats {
        try await runtime.store.stats()
    }

    func pipelineStats() async -> [String: Double] {
        let counters = runtime.pipeline.counters.snapshot
        return [
            "events_in": Double(counters.eventsIn), "journaled": Double(counters.journaled),
            "duplicates": Double(counters.duplicates), "dead_lettered": Double(counters.deadLettered),
            "rejected": Double(counters.rejected), "batches_submitted": Double(counters.batchesSubmitted),
            "realtime_calls": Double(counters.realtimeCalls), "published": Double(counters.published),
            "intake_paused_disk_full": counters.intakePausedDiskFull ? 1 : 0,
            "disk_full_retries": Double(counters.diskFullRetries),
            "uptime_seconds": Date().timeIntervalSince(started),
        ]
    }

    func batches(states: Set<BatchRecord.State>, limit: Int) async throws -> [BatchRecord] {
        let chosen = states.isEmpty ? Set(BatchRecord.State.allCases) : states
        return Array(try await runtime.store.batches(inStates: chosen).suffix(limit).reversed())
    }

    func flush() async throws -> Int {
        try await runtime.pipeline.flush()
    }
}
