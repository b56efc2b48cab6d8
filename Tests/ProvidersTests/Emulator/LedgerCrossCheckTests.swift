import Emulator
import Foundation
import Providers
import Testing

/// The normalized usage and the price book against the emulator's own billing ledger: two
/// independent readings of providers.md must agree on every token and every dollar.
@Suite("Usage and cost against the emulator's ledger", .timeLimit(.minutes(1)))
struct LedgerCrossCheckTests {
    static func chat(_ id: String, model: String, cache: CacheMark? = nil) -> LLMRequest {
        var request = LLMRequest.chat(
            customID: id,
            model: model,
            system: [.text("You label legal documents. " + prose(3000), cache: cache)],
            messages: [.user("Document \(id): " + prose(40, seed: id.count))],
            parameters: GenerationParameters(maxTokens: 80)
        )
        request.promptCacheKey = "ledger"
        return request
    }

    /// Checks the summed usage and the price-book cost of `items` against the ledger's entries
    /// for `model` in `mode`.
    static func check(
        _ usages: [TokenUsage],
        provider: Providers.Provider,
        model: String,
        mode: PricingMode,
        ledger: LedgerSnapshot
    ) throws {
        let book = try PriceBook.bundled()
        let entries = ledger.entries.filter { $0.model == model && $0.mode.rawValue == mode.rawValue }
        #expect(entries.count == usages.count, "\(model) \(mode): one ledger entry per billed request")
        let usage = usages.reduce(TokenUsage.zero, +)
        let billed = entries.reduce(into: LedgerUsage()) { $0.add($1.usage) }
        #expect(usage.inputTokens == billed.inputTokens, "\(model): uncached input")
        #expect(usage.cacheReadInputTokens == billed.cacheReadTokens, "\(model): cache reads")
        #expect(usage.cacheWriteInputTokens == billed.cacheWrite5mTokens + billed.cacheWrite1hTokens + billed.cacheWriteTokens, "\(model): cache writes")
        #expect(usage.outputTokens == billed.outputTokens, "\(model): output")
        let cost = try usages.reduce(CostBreakdown.zero) { $0 + (try book.cost(of: $1, provider: provider, model: model, mode: mode)) }
        let ledgerUSD = entries.reduce(0) { $0 + $1.cost.total }
        let ours = NSDecimalNumber(decimal: cost.total).doubleValue
        #expect(abs(ours - ledgerUSD) <= max(1e-9, ledgerUSD * 1e-9), "\(model) \(mode): price book \(ours) vs ledger \(ledgerUSD)")
        #expect(ledgerUSD > 0)
    }

    @Test func anthropicBatchAndRealtime() async throws {
        try await EmulatorHarness.run(EmulatorHarness.emulatorConfiguration(speedup: 100)) { harness in
            let client = try harness.anthropic()
            let model = "claude-sonnet-4-5"
            let batch = try #require(client.prepareBatches((0..<8).map { Self.chat("a\($0)", model: model, cache: .oneHour) }).batches.first)
            let (_, items) = try await runBatch(client, batch, label: "ledger-a")
            let realtime = [
                try await client.send(Self.chat("r1", model: model, cache: .fiveMinutes)),
                try await client.send(Self.chat("r2", model: model, cache: .fiveMinutes)),
            ]
            let ledger = harness.emulator.ledger()
            try Self.check(items.compactMap(\.response?.usage), provider: .anthropic, model: model, mode: .batch, ledger: ledger)
            try Self.check(realtime.map(\.usage), provider: .anthropic, model: model, mode: .realtime, ledger: ledger)
            #expect(realtime[1].usage.cacheReadInputTokens > 0)
        }
    }

    @Test("a cold Anthropic batch mostly misses, a primed one reads the prefix; both billed as the price book says")
    func anthropicColdThenPrimed() async throws {
        try await EmulatorHarness.run(EmulatorHarness.emulatorConfiguration(speedup: 100)) { harness in
            let client = try harness.anthropic()
            let model = "claude-sonnet-4-5"
            func requests(_ prefix: String, _ ids: [String]) -> [LLMRequest] {
                ids.map { id in
                    LLMRequest.chat(
                        customID: id, model: model,
                        system: [.text(prefix + prose(3000), cache: .oneHour)],
                        messages: [.user("Document \(id): " + prose(40, seed: id.count))],
                        parameters: GenerationParameters(maxTokens: 60))
                }
            }
            // Cold: every request of the batch starts before any has written the prefix.
            let cold = try #require(client.prepareBatches(requests("Cold instructions. ", (0..<12).map { "c\($0)" })).batches.first)
            let (_, coldItems) = try await runBatch(client, cold, label: "cold")
            let coldUsage = coldItems.compactMap(\.response?.usage)
            #expect(coldUsage.count == 12)
            #expect(coldUsage.filter { $0.cacheReadInputTokens > 0 }.count <= 6, "a cold batch should mostly miss")

            // Primed: one request writes the prefix, then the batch reads it.
            let primer = try #require(client.prepareBatches(requests("Primed instructions. ", ["p0"])).batches.first)
            let (_, primerItems) = try await runBatch(client, primer, label: "primer")
            let primed = try #require(client.prepareBatches(requests("Primed instructions. ", (1...12).map { "p\($0)" })).batches.first)
            let (_, primedItems) = try await runBatch(client, primed, label: "primed")
            let primedUsage = primedItems.compactMap(\.response?.usage)
            #expect(primedUsage.count == 12)
            #expect(primedUsage.allSatisfy { $0.cacheReadInputTokens > 0 && $0.cacheWriteInputTokens == 0 }, "a primed batch should read, not write")

            let all = coldUsage + primerItems.compactMap(\.response?.usage) + primedUsage
            try Self.check(all, provider: .anthropic, model: model, mode: .batch, ledger: harness.emulator.ledger())
            let book = try PriceBook.bundled()
            let coldCost = try coldUsage.reduce(Decimal(0)) { $0 + (try book.cost(of: $1, provider: .anthropic, model: model, mode: .batch)).total }
            let primedCost = try primedUsage.reduce(Decimal(0)) { $0 + (try book.cost(of: $1, provider: .anthropic, model: model, mode: .batch)).total }
            #expect(primedCost * 3 < coldCost, "reading a primed prefix should cost a fraction of writing it cold")
        }
    }

    @Test func openAIBatchRealtimeAndFlex() async throws {
        try await EmulatorHarness.run(EmulatorHarness.emulatorConfiguration(speedup: 100)) { harness in
            let client = try harness.openAI()
            let model = "gpt-5-mini"
            let batch = try #require(client.prepareBatches((0..<6).map { Self.chat("o\($0)", model: model) }).batches.first)
            let (_, items) = try await runBatch(client, batch, label: "ledger-o")
            let realtime = [try await client.send(Self.chat("r1", model: model)), try await client.send(Self.chat("r2", model: model))]
            let flex = [try await client.send(Self.chat("f1", model: model), options: .flex)]
            let ledger = harness.emulator.ledger()
            try Self.check(items.compactMap(\.response?.usage), provider: .openai, model: model, mode: .batch, ledger: ledger)
            try Self.check(realtime.map(\.usage), provider: .openai, model: model, mode: .realtime, ledger: ledger)
            try Self.check(flex.map(\.usage), provider: .openai, model: model, mode: .flex, ledger: ledger)
            #expect(realtime[1].usage.cacheReadInputTokens > 0)
        }
    }

    @Test func geminiBatchRealtimeAndCacheStorage() async throws {
        try await EmulatorHarness.run(EmulatorHarness.emulatorConfiguration(speedup: 100)) { harness in
            let client = try harness.gemini()
            let model = "gemini-2.5-flash"
            let batch = try #require(client.prepareBatches((0..<6).map { Self.chat("g\($0)", model: model) }).batches.first)
            let (_, items) = try await runBatch(client, batch, label: "ledger-g")
            let cache = try await client.createCachedContent(model: model, system: [.text("You label legal documents. " + prose(3000))], ttl: .seconds(3600))
            var cached = LLMRequest.chat(customID: "c", model: model, messages: [.user("Label it.")], parameters: GenerationParameters(maxTokens: 40))
            cached.cachedContent = cache.name
            let realtime = [try await client.send(Self.chat("r1", model: model)), try await client.send(cached)]
            #expect(realtime[1].usage.cacheReadInputTokens == cache.totalTokenCount)
            try await client.deleteCachedContent(name: cache.name)
            let ledger = harness.emulator.ledger()
            try Self.check(items.compactMap(\.response?.usage), provider: .gemini, model: model, mode: .batch, ledger: ledger)
            try Self.check(realtime.map(\.usage), provider: .gemini, model: model, mode: .realtime, ledger: ledger)
            let storage = ledger.entries.filter { $0.mode == .cacheStorage && $0.model == model }
            #expect(!storage.isEmpty)
            for entry in storage {
                let hours = entry.usage.storageTokenHours / Double(cache.totalTokenCount ?? 1)
                let ours = try PriceBook.bundled().cacheStorageCost(
                    provider: .gemini,
                    model: model,
                    tokens: cache.totalTokenCount ?? 0,
                    hours: Decimal(hours)
                )
                #expect(abs(NSDecimalNumber(decimal: ours).doubleValue - entry.cost.storage) <= 1e-9)
            }
        }
    }
}
