import Emulator
import Foundation
import Pipeline
import Planning
import Testing

/// Gemini's embedding results carry no usage, yet every token is billed: the savings events must
/// still add up to what the provider billed.
@Suite("Embedding billing end to end", .timeLimit(.minutes(2)))
struct EmbeddingBillingTests {
    @Test("Gemini embeddings are billed at the provider's own token count, not the estimate", arguments: [false, true])
    func geminiEmbeddingsBilledExactly(realtime: Bool) async throws {
        try await PipelineRig.with(speedup: 300, seed: 21) { rig in
            // Digits and punctuation tokenize far denser than four characters a token, so an
            // estimate-based bill would sit well below the provider's.
            let requests = (1...12).map { index in
                let text = (0..<(20 + index * 7)).map { "\(index * 1_000 + $0)-\($0 % 7)," }.joined(separator: " ")
                return (id: "e\(index)", request: #"{"kind":"embedding","model":"gemini-embedding-001","input":"\#(text)"}"#)
            }
            try await rig.publish(requests)
            let ids = requests.map(\.id)
            // Returns only once every result is in and the savings events equal the emulator's
            // bill (to a part per million); throws otherwise.
            var pipeline = PipelineRig.pipeline()
            // Requests already too old for a batch go out realtime, one call each.
            if realtime { pipeline.flushPolicy.realtimeAfter = .zero }
            let seen = try await rig.runToCompletion(ids: ids, pipeline: pipeline, deadline: .seconds(60))
            #expect(Set(seen.results.keys) == Set(ids))
            #expect(seen.resultIDs.values.allSatisfy { $0.count == 1 })
            #expect(seen.results.values.joined().allSatisfy { $0.status == .succeeded && $0.usage.promptTokens > 0 })
            let ledger = rig.emulator.ledger()
            #expect(ledger.entries.count == ids.count)
            #expect(ledger.entries.allSatisfy { ($0.batchID == nil) == realtime })
            #expect(PipelineRig.agrees(seen.savingsTotal, ledger.totalUSD), "savings \(seen.savingsTotal) vs billed \(ledger.totalUSD)")
        }
    }
}
