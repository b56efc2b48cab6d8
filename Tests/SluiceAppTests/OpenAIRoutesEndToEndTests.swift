import Emulator
import Foundation
import Pipeline
import Planning
import Providers
import RdKafka
import StateStore
import Testing

/// OpenAI cache keys end to end on the emulator, whose routing overflows a key past 15 requests a
/// minute to machines without the prefix: a fan-out spread over primed keys reads the prefix on
/// every request, and the poller records how each key fared for the planner to learn from.
@Suite("OpenAI cache keys through the pipeline", .timeLimit(.minutes(3)))
struct OpenAIRoutesEndToEndTests {
    static let model = "gpt-5-mini"
    static let requestCount = 40

    /// One flush for the whole bucket.
    static func pipeline(overflowMisses: Double) -> PipelineConfiguration {
        var pipeline = PipelineRig.pipeline()
        pipeline.flushPolicy.maxWait = .seconds(3)
        pipeline.planner.openAIOverflowMisses = overflowMisses
        return pipeline
    }

    /// Publishes requests sharing a system prompt of about 3k tokens.
    static func publish(_ rig: PipelineRig, count: Int = requestCount, first: Int = 1) async throws -> [String] {
        let system = String(repeating: "Field definitions, rules and worked examples for extraction. ", count: 200)
        let ids = (first..<first + count).map { "k\($0)" }
        let feeder = try KafkaProducer(
            configuration: KafkaProducerConfiguration(bootstrapServers: rig.broker.bootstrapServers), logger: rig.logger)
        for id in ids {
            let value = #"{"id":"\#(id)","tenant":"t1","request":{"kind":"chat","model":"\#(model)","system":"\#(system)","messages":[{"role":"user","content":"Extract the fields of document \#(id)."}],"max_tokens":30}}"#
            try await feeder.send(KafkaProducerMessage(topic: "llm.requests", key: "t/\(id)", value: value))
        }
        await feeder.shutdown()
        return ids
    }

    /// The emulator's batch items: (read nothing, read something).
    static func items(_ rig: PipelineRig) -> (misses: Int, hits: Int) {
        let items = rig.emulator.ledger().entries.filter { $0.mode == .batch }
        let misses = items.filter { $0.usage.cacheReadTokens == 0 }.count
        return (misses, items.count - misses)
    }

    @Test("40 requests go out over three primed keys: three primers, and every other request reads the prefix")
    func spread() async throws {
        // At 10x a 5-minute entry lasts 30 real seconds: a loaded machine's delay between primer
        // and fan-out does not expire it.
        try await PipelineRig.with(speedup: 10) { rig in
            let ids = try await Self.publish(rig)
            let seen = try await rig.runToCompletion(ids: ids, pipeline: Self.pipeline(overflowMisses: 4), deadline: .seconds(90))
            #expect(Set(seen.results.keys) == Set(ids))
            let (misses, hits) = Self.items(rig)
            #expect(misses == 3, "one primer per key")
            #expect(hits == ids.count - 3)
            #expect(PipelineRig.agrees(seen.savingsTotal, rig.emulator.ledger().totalUSD))

            let store = try await StateStore.open(directory: rig.directory, logger: rig.logger, durability: .normal)
            let keys = try await store.cacheRouteOverflow(provider: "openai", model: Self.model, minimumRequests: 1)
            #expect(keys == CacheRouteOverflow(keys: 3, misses: 0))
            let overflowing = try await store.cacheRouteOverflow(provider: "openai", model: Self.model, minimumRequests: 15)
            #expect(overflowing.keys == 0)
            try await store.close()
        }
    }

    @Test("with overflow expected to cost nothing, one key carries the fan-out and the poller records its misses")
    func oneKey() async throws {
        try await PipelineRig.with(speedup: 10) { rig in
            let ids = try await Self.publish(rig)
            let seen = try await rig.runToCompletion(ids: ids, pipeline: Self.pipeline(overflowMisses: 0), deadline: .seconds(90))
            #expect(Set(seen.results.keys) == Set(ids))
            let (misses, _) = Self.items(rig)
            let store = try await StateStore.open(directory: rig.directory, logger: rig.logger, durability: .normal)
            let overflowing = try await store.cacheRouteOverflow(provider: "openai", model: Self.model, minimumRequests: 15)
            #expect(overflowing.keys == 1)
            // The fan-out's misses, the primer's cold write aside.
            #expect(overflowing.misses == misses - 1)
            try await store.close()
        }
    }

    @Test("a prefix primed longer ago than the provider keeps it is primed again, on the provider's clock")
    func primedAgainAfterRetention() async throws {
        try await PipelineRig.with(speedup: 60) { rig in
            // At 60x OpenAI's 5-minute in-memory retention is 5 real seconds, for the emulator and,
            // told the scale, for the pipeline.
            var pipeline = Self.pipeline(overflowMisses: 4)
            pipeline.flushPolicy.maxWait = .seconds(1)
            pipeline.providerTimeScale = 60
            let first = try await Self.publish(rig, count: 12)
            let store = try await rig.runUntil(pipeline: pipeline) { store in
                try await store.batches(inStates: [.ended, .published]).contains { $0.kind == .batch }
            }
            let primedBefore = try await store.batches(inStates: [.ended, .published]).filter { $0.kind == .primer }.count
            try await store.close()
            #expect(primedBefore >= 1)
            try await Task.sleep(for: .seconds(7))

            let second = try await Self.publish(rig, count: 12, first: 13)
            let seen = try await rig.runToCompletion(ids: first + second, pipeline: pipeline, deadline: .seconds(60))
            #expect(Set(seen.results.keys) == Set(first + second))
            let reopened = try await StateStore.open(directory: rig.directory, logger: rig.logger, durability: .normal)
            let primers = try await reopened.batches(inStates: [.ended, .published]).filter { $0.kind == .primer }
            try await reopened.close()
            #expect(primers.count > primedBefore, "the expired prefix is primed again")
            // How many fan-out requests read it depends on the machine's pace: at 60x a loaded
            // one can let the fresh entry expire too, so only the primer count is asserted.
        }
    }
}
