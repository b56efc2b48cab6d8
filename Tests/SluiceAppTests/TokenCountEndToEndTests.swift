import Emulator
import Foundation
import Pipeline
import Planning
import Providers
import RdKafka
import StateStore
import Testing

/// On a cold start nothing calibrates the token estimate yet: a prefix whose estimate sits near
/// the model's minimum is counted by the provider instead.
@Suite("Provider token counts near the minimum", .timeLimit(.minutes(2)))
struct TokenCountEndToEndTests {
    @Test("a Gemini prefix that four characters a token puts under the 2,048 minimum, but the provider counts over it, is primed and read")
    func countedOverMinimum() async throws {
        // At 10x the primed entry lives 30 real seconds, past a loaded machine's delays.
        try await PipelineRig.with(speedup: 10) { rig in
            // Digits and punctuation tokenize far denser than four characters a token: about
            // 1,750 estimated tokens, well over 2,048 by the provider's count.
            let system = (0..<700).map { "\(1_000 + $0)-\($0 % 7)," }.joined(separator: " ")
            let estimator = TokenEstimator.standard
            let sampleRequest = LLMRequest.chat(
                customID: "x", model: "gemini-2.5-flash", system: [.text(system)],
                messages: [ChatMessage(role: .user, content: [.text("Summarize document g1.")])])
            #expect(estimator.prefixTokens(of: sampleRequest) < 2_048)
            let gemini = try #require(rig.clients[.gemini])
            let counted = try #require(try await gemini.countPromptTokens(sampleRequest))
            #expect(counted > 2_400, "the provider counts \(counted)")

            let ids = (1...20).map { "g\($0)" }
            let feeder = try KafkaProducer(
                configuration: KafkaProducerConfiguration(bootstrapServers: rig.broker.bootstrapServers), logger: rig.logger)
            for id in ids {
                let value = #"{"id":"\#(id)","tenant":"t1","request":{"kind":"chat","model":"gemini-2.5-flash","system":"\#(system)","messages":[{"role":"user","content":"Summarize document \#(id)."}],"max_tokens":30}}"#
                try await feeder.send(KafkaProducerMessage(topic: "llm.requests", key: "t/\(id)", value: value))
            }
            await feeder.shutdown()
            var pipeline = PipelineRig.pipeline()
            pipeline.flushPolicy.maxWait = .seconds(2)
            let seen = try await rig.runToCompletion(ids: ids, pipeline: pipeline, deadline: .seconds(60))
            #expect(Set(seen.results.keys) == Set(ids))

            let store = try await StateStore.open(directory: rig.directory, logger: rig.logger, durability: .normal)
            let primers = try await store.batches(inStates: [.ended, .published]).filter { $0.kind == .primer }
            try await store.close()
            #expect(primers.count == 1, "primed because the provider's count clears the minimum")
            let items = rig.emulator.ledger().entries.filter { $0.mode == .batch && $0.provider == .gemini }
            let reading = items.filter { $0.usage.cacheReadTokens > 2_048 }.count
            #expect(reading >= ids.count - 2, "\(reading) of \(items.count) read the prefix")
        }
    }
}
