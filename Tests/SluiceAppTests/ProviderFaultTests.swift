import Emulator
import Foundation
import Pipeline
import Planning
import Testing

/// Provider failures through the whole pipeline end in results, never in silence: retried where
/// the provider allows, reported with a reason where it does not, and billed exactly as the
/// provider billed them.
@Suite("Provider faults end to end", .timeLimit(.minutes(2)))
struct ProviderFaultTests {
    @Test("throttled, failing and cut-off provider calls are retried until every request has its result")
    func transientFaults() async throws {
        try await PipelineRig.with(speedup: 300, seed: 11) { rig in
            var faults = EmulatorFaults()
            faults.rateLimitRate = 0.15
            faults.overloadedRate = 0.05
            faults.serverErrorRate = 0.1
            faults.retryAfterSeconds = 0.05
            faults.downloadCutoffRate = 0.3
            rig.emulator.setFaults(faults)
            let ids = try await rig.publishRequests(18)
            let seen = try await rig.runToCompletion(ids: ids, pipeline: PipelineRig.pipeline(), deadline: .seconds(60))
            expectOneResultEach(seen, ids: ids)
            #expect(seen.results.values.joined().allSatisfy { $0.status == .succeeded })
            let billed = rig.emulator.ledger().entries.compactMap(\.customID)
            #expect(billed.count == ids.count && Set(billed).count == ids.count, "billed \(billed.count)")
        }
    }

    @Test("errored and expired items and failed batches are retried in new batches, then realtime")
    func itemAndBatchFailures() async throws {
        try await PipelineRig.with(speedup: 300, seed: 12) { rig in
            var faults = EmulatorFaults()
            faults.itemErrorRate = 0.3
            faults.itemExpiryRate = 0.2
            faults.batchFailureRate = 0.3
            faults.retryAfterSeconds = 0.05
            rig.emulator.setFaults(faults)
            let ids = try await rig.publishRequests(24)
            let seen = try await rig.runToCompletion(ids: ids, pipeline: PipelineRig.pipeline(), deadline: .seconds(60))
            expectOneResultEach(seen, ids: ids)
            #expect(seen.results.values.joined().allSatisfy { $0.status == .succeeded })
            // The faults really happened: more batches than one per provider, and the billed
            // items are exactly the successful ones (errored and expired items are not billed).
            let ledger = rig.emulator.ledger().entries
            #expect(Set(ledger.compactMap(\.batchID)).count > PipelineRig.models.count)
            #expect(ledger.count == ids.count, "billed \(ledger.count) items for \(ids.count) requests")
        }
    }

    @Test("a request no attempt can serve ends as a failed result with the provider's reason")
    func exhaustedRequestsAreReported() async throws {
        try await PipelineRig.with(speedup: 300, seed: 13) { rig in
            var faults = EmulatorFaults()
            faults.itemErrorRate = 1
            // Realtime fails too (the batch endpoints stay up, so every batch attempt is made).
            faults.serverErrorRate = 1
            faults.pathPrefixes = ["/v1/chat/completions", "/v1beta/models/gemini-2.5-flash:generateContent"]
            rig.emulator.setFaults(faults)
            let ids = try await rig.publishRequests(6, models: ["gpt-5-mini", "gemini-2.5-flash"])
            let seen = try await rig.runToCompletion(ids: ids, pipeline: PipelineRig.pipeline(), deadline: .seconds(90))
            expectOneResultEach(seen, ids: ids)
            for event in seen.results.values.joined() {
                #expect(event.status == .failed)
                #expect(event.error?.message.isEmpty == false, "\(event.id) failed without a reason")
            }
            #expect(rig.emulator.ledger().entries.isEmpty, "nothing was answered, so nothing is billed")
        }
    }

    private func expectOneResultEach(_ seen: Downstream, ids: [String]) {
        #expect(Set(seen.results.keys) == Set(ids))
        #expect(seen.resultIDs.values.allSatisfy { $0.count == 1 })
    }
}
