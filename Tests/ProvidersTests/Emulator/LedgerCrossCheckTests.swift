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
        try await EmulatorHarness.run(EmulatorHarness.emulatorConfiguration(speedup: 1_000)) { harness in
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
