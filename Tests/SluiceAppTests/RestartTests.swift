import Emulator
import Foundation
import Pipeline
import Planning
import StateStore
import Testing

/// An instance stopped abruptly while provider batches are in flight (wherever its stages happen
/// to be, unlike the fail points of ``CrashRestartTests``), and a new one on the same data
/// directory: every event still gets exactly one result, and the provider bills every request once.
@Suite("Restart with batches in flight", .timeLimit(.minutes(2)))
struct RestartTests {
    @Test("a restarted instance adopts what was in flight: one result and one bill per request")
    func restartMidFlight() async throws {
        // Slow enough that batches are still running when the first instance stops.
        try await PipelineRig.with(speedup: 20) { rig in
            let ids = try await rig.publishRequests(24, models: ["claude-haiku-4-5", "gpt-5-mini"])
            let first = try await rig.runUntil(pipeline: PipelineRig.pipeline()) { store in
                try await !store.batches(inStates: [.submitted]).isEmpty
            }
            #expect(try await !first.batches(inStates: [.submitted, .submitting, .planned]).isEmpty)
            try await first.close()

            let seen = try await rig.runToCompletion(ids: ids, pipeline: PipelineRig.pipeline())
            #expect(Set(seen.results.keys) == Set(ids))
            // Redeliveries carry the same ce_id: one logical result per request.
            #expect(seen.resultIDs.values.allSatisfy { $0.count == 1 })
            #expect(seen.results.values.joined().allSatisfy { $0.status == .succeeded })
            // The provider billed each request once: no batch was created twice.
            let billed = rig.emulator.ledger().entries.compactMap(\.customID)
            #expect(billed.count == ids.count, "billed \(billed.count) items for \(ids.count) requests")
            #expect(Set(billed).count == billed.count)
        }
    }
}
