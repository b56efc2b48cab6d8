import Emulator
import Foundation
import Pipeline
import Planning
import Providers
import RdKafka
import StateStore
import Testing

/// Gemini explicit caches end to end on the emulator: the planner chooses one by cost, the
/// submitter creates it once (also across a crash), every request reads it, storage is billed once
/// and shared into the savings events, and the cache is deleted after the batch.
@Suite("Gemini explicit caches through the pipeline", .timeLimit(.minutes(3)))
struct GeminiExplicitCacheTests {
    static let model = "gemini-2.5-flash"
    static let requestCount = 30

    /// Settings under which explicit is the choice: implicit caching assumed never to fire, and
    /// one flush for the whole bucket.
    static func pipeline() -> PipelineConfiguration {
        var pipeline = PipelineRig.pipeline()
        pipeline.flushPolicy.maxWait = .seconds(3)
        pipeline.planner.geminiImplicitHitRatio = 0
        return pipeline
    }

    /// Publishes Gemini requests sharing a system prompt of about 12k tokens.
    static func publish(_ rig: PipelineRig) async throws -> [String] {
        let system = String(repeating: "Definitions, rules and worked examples for summaries. ", count: 900)
        let ids = (1...requestCount).map { "g\($0)" }
        let feeder = try KafkaProducer(
            configuration: KafkaProducerConfiguration(bootstrapServers: rig.broker.bootstrapServers), logger: rig.logger)
        for id in ids {
            let value = #"{"id":"\#(id)","tenant":"\#(id.hasSuffix("0") ? "t2" : "t1")","request":{"kind":"chat","model":"\#(model)","system":"\#(system)","messages":[{"role":"user","content":"Summarize document \#(id)."}],"max_tokens":30}}"#
            try await feeder.send(KafkaProducerMessage(topic: "llm.requests", key: "t/\(id)", value: value))
        }
        await feeder.shutdown()
        return ids
    }

    /// What the emulator billed, and which caches it still holds.
    static func expectBilledOnce(_ rig: PipelineRig, ids: [String], seen: Downstream) async throws {
        #expect(Set(seen.results.keys) == Set(ids))
        for (id, events) in seen.results {
            #expect(events.allSatisfy { $0.status == .succeeded }, "\(id): \(events.map(\.status))")
        }
        let ledger = rig.emulator.ledger()
        let storage = ledger.entries.filter { $0.mode == .cacheStorage }
        #expect(storage.count == 1, "one cache created for the one prefix, billed once")
        let items = ledger.entries.filter { $0.mode == .batch }
        #expect(items.count == ids.count)
        #expect(Set(items.compactMap(\.customID)).count == ids.count)
        // Every request read the whole cache: no primer, no miss.
        let reads = Set(items.map(\.usage.cacheReadTokens))
        #expect(reads.count == 1 && reads.first.map { $0 > 1_024 } == true, "\(reads)")
        #expect(PipelineRig.agrees(seen.savingsTotal, ledger.totalUSD), "savings \(seen.savingsTotal) vs bill \(ledger.totalUSD)")
        // Storage is a cost of caching: it shows in actual and counts against cache savings.
        let storageUSD = storage.reduce(0) { $0 + $1.cost.total }
        #expect(storageUSD > 0)
        let gemini = try #require(rig.clients[.gemini] as? GeminiClient)
        #expect(try await gemini.listCachedContents().entries.isEmpty, "the cache was deleted after its batch")
    }

    @Test("chosen by cost, created once, read by every request, billed exactly, deleted afterwards")
    func endToEnd() async throws {
        try await PipelineRig.with(speedup: 60) { rig in
            let ids = try await Self.publish(rig)
            let seen = try await rig.runToCompletion(ids: ids, pipeline: Self.pipeline(), deadline: .seconds(90))
            try await Self.expectBilledOnce(rig, ids: ids, seen: seen)
            let figures = seen.savings.values.reduce((actual: Decimal(0), cache: Decimal(0))) {
                ($0.actual + $1.actualUSD.amount, $0.cache + $1.cacheSavingsUSD.amount)
            }
            print("explicit cache rig: \(ids.count) requests, actual \(figures.actual) USD, cache savings \(figures.cache) USD, "
                + "emulator bill \(rig.emulator.ledger().totalUSD) USD over \(seen.savings.count) savings events")
        }
    }

    @Test("a crash between creating the cache and recording it adopts that cache on restart instead of making another")
    func crashAfterCacheCreate() async throws {
        try await PipelineRig.with(speedup: 60) { rig in
            let ids = try await Self.publish(rig)
            let first = try await rig.runUntilHalt(at: .afterCacheCreate, pipeline: Self.pipeline())
            let submitting = try await first.batches(inStates: [.submitting])
            #expect(submitting.count == 1)
            if let batch = submitting.first { #expect(try await first.explicitCache(batchID: batch.id) == nil) }
            #expect(rig.emulator.ledger().entries.map(\.mode) == [.cacheStorage])
            try await first.close()

            let seen = try await rig.runToCompletion(ids: ids, pipeline: Self.pipeline(), deadline: .seconds(90))
            try await Self.expectBilledOnce(rig, ids: ids, seen: seen)
        }
    }
}
