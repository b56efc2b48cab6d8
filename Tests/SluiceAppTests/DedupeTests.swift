import Emulator
import Foundation
import Pipeline
import Planning
import Testing

/// Identical requests (same model, prompt and parameters) are sent once: the others are answered
/// from that answer, bill nothing, and count their list price as dedupe savings (issue 5).
@Suite("Dedupe and the response cache", .timeLimit(.minutes(2)))
struct DedupeTests {
    @Test("identical requests in flight together are sent once and answered for each")
    func identicalRequestsSentOnce() async throws {
        try await PipelineRig.with(speedup: 300, seed: 21) { rig in
            // Six distinct requests, three copies of each under different ids (r1, r7 and r13 are
            // one request: same text, same model).
            let ids = try await rig.publishRequests(18) { "Note \(($0 - 1) % 6)" }
            let seen = try await rig.runToCompletion(ids: ids, pipeline: PipelineRig.pipeline())
            #expect(Set(seen.results.keys) == Set(ids))
            let events = seen.results.values.compactMap(\.first)
            #expect(events.allSatisfy { $0.status == .succeeded })
            let cached = events.filter { $0.mode == .responseCache }
            #expect(cached.count == 12, "\(cached.count) answers from the response cache")
            #expect(cached.allSatisfy { $0.cost.actualUSD == .zero && $0.cost.baselineUSD > .zero && $0.attempts == 0 })
            // The provider billed the six distinct requests only.
            #expect(rig.emulator.ledger().entries.count == 6)
            let dedupe = seen.savings.values.reduce(Decimal(0)) { $0 + $1.dedupeSavingsUSD.amount }
            let cachedBaseline = cached.reduce(Decimal(0)) { $0 + $1.cost.baselineUSD.amount }
            #expect(dedupe == cachedBaseline && dedupe > 0)
            #expect(PipelineRig.agrees(seen.savingsTotal, rig.emulator.ledger().totalUSD))
            // Every copy carries the same answer as the request that was sent.
            let copies = Dictionary(grouping: events) { (Int($0.id.dropFirst())! - 1) % 6 }
            #expect(copies.count == 6)
            #expect(copies.values.allSatisfy { group in group.allSatisfy { $0.output == group[0].output } })
        }
    }

    @Test("a repeat after the first answer, even after a restart, is answered from the response cache")
    func repeatsAnsweredFromCache() async throws {
        try await PipelineRig.with(speedup: 300, seed: 22) { rig in
            let first = try await rig.publishRequests(3) { "Summarize note \($0)" }
            _ = try await rig.runToCompletion(ids: first, pipeline: PipelineRig.pipeline())
            #expect(rig.emulator.ledger().entries.count == 3)
            // The same three prompts under new ids, to a new instance on the same data directory.
            let repeats = try await rig.publishRequests(3, first: 4) { "Summarize note \($0 - 3)" }
            let seen = try await rig.runToCompletion(ids: first + repeats, pipeline: PipelineRig.pipeline())
            let answers = repeats.compactMap { seen.results[$0]?.first }
            #expect(answers.count == 3)
            #expect(answers.allSatisfy { $0.mode == .responseCache && $0.status == .succeeded })
            #expect(rig.emulator.ledger().entries.count == 3, "nothing more was billed")
            for (original, repeated) in zip(first, repeats) {
                #expect(seen.results[original]?.first?.output == seen.results[repeated]?.first?.output)
            }

            // With the response cache off, an identical request is sent again.
            var off = PipelineRig.pipeline()
            off.responseCacheTTL = .zero
            let again = try await rig.publishRequests(1, first: 7) { _ in "Summarize note 1" }
            let last = try await rig.runToCompletion(ids: first + repeats + again, pipeline: off)
            #expect(last.results[again[0]]?.first?.mode == .batch)
            #expect(rig.emulator.ledger().entries.count == 4)
        }
    }
}
