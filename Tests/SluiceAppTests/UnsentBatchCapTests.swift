import Emulator
import Foundation
import Pipeline
import Planning
import StateStore
import Testing

/// A provider that takes no batches does not make plans pile up: past `maxUnsentBatches` the
/// accumulator leaves that provider's requests pending, and they all go once it takes batches again.
@Suite("Unsent batch cap", .timeLimit(.minutes(2)))
struct UnsentBatchCapTests {
    @Test("planning stops at the cap while batch creation fails, and resumes when it works")
    func capHoldsThenDrains() async throws {
        try await PipelineRig.with(speedup: 300, seed: 21) { rig in
            var faults = EmulatorFaults()
            faults.serverErrorRate = 1
            faults.retryAfterSeconds = 0.05
            faults.pathPrefixes = ["/v1/messages/batches"]
            rig.emulator.setFaults(faults)
            // Eight buckets: each request has instructions of its own, so a prefix group of its own.
            let requests = (1...8).map { n in
                (
                    id: "r\(n)",
                    request: #"{"kind":"chat","model":"claude-haiku-4-5","system":"Instruction set \#(n)","#
                        + #""messages":[{"role":"user","content":"Document \#(n)"}],"max_tokens":30}"#
                )
            }
            try await rig.publish(requests)
            var pipeline = PipelineRig.pipeline()
            pipeline.maxUnsentBatches = 2
            let waitedPast = pipeline.flushPolicy.maxWait + .seconds(1)
            let store = try await rig.runUntil(pipeline: pipeline) { store in
                // Every bucket is due; only the cap can keep six of them pending.
                let pending = try await store.pendingBuckets()
                let due = pending.allSatisfy { Date().timeIntervalSince(Date(timeIntervalSince1970: Double($0.oldestReceivedAt) / 1000)) > waitedPast.seconds }
                return try await store.unsentBatchCounts()["anthropic"] == 2 && pending.count == 6 && due
            }
            #expect(try await store.unsentBatchCounts()["anthropic"] == 2)
            #expect(try await store.batches(inStates: Set(BatchRecord.State.allCases)).count == 2)
            try await store.close()

            rig.emulator.setFaults(.none)
            let seen = try await rig.runToCompletion(ids: requests.map(\.id), pipeline: pipeline, deadline: .seconds(60))
            #expect(Set(seen.results.keys) == Set(requests.map(\.id)))
            #expect(rig.emulator.ledger().entries.count == requests.count)
        }
    }
}

extension Duration {
    fileprivate var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
