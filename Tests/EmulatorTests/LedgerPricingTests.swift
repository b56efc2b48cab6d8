import Foundation
import Testing

@testable import Emulator

/// The ledger bills what providers.md publishes: these prices are typed in from its tables, not
/// read from the emulator's catalogue, so a wrong catalogue entry fails here.
@Suite("Ledger and published prices", .timeLimit(.minutes(1)))
struct LedgerPricingTests {
    static let perMillion = 1.0 / 1_000_000

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 + 1e-9 * abs(b) }

    @Test("Anthropic realtime and batch charges match providers.md §1.4 (1.25× / 2× writes, 0.1× reads, 50% batch)")
    func anthropicPrices() async throws {
        try await withRunningEmulator(testConfiguration(speedup: 20)) { emulator in
            let client = TestClient.anthropic(emulator)
            func send(_ system: String, ttl: String) async throws -> JSONValue {
                try await client.post(
                    "/v1/messages",
                    AnthropicCacheTests.params(system: system, ttl: ttl, user: "price check", maxTokens: 30)
                ).json
            }
            let short = filler(tokens: 1300, seed: 21)
            let long = filler(tokens: 1700, seed: 22)
            let write5m = try await send(short, ttl: "5m")
            let write1h = try await send(long, ttl: "1h")
            let read = try await send(short, ttl: "5m")
            #expect((write5m.int("usage.cache_creation.ephemeral_5m_input_tokens") ?? 0) > 1300)
            #expect((write1h.int("usage.cache_creation.ephemeral_1h_input_tokens") ?? 0) > 1700)
            #expect((read.int("usage.cache_read_input_tokens") ?? 0) > 1300)

            // Sonnet 4.5: input 3, 5m write 3.75, 1h write 6, read 0.30, output 15 (§1.4).
            var expected = 0.0
            for usage in [write5m, write1h, read] {
                expected += Double(usage.int("usage.input_tokens") ?? 0) * 3.00 * Self.perMillion
                expected += Double(usage.int("usage.cache_creation.ephemeral_5m_input_tokens") ?? 0) * 3.75 * Self.perMillion
                expected += Double(usage.int("usage.cache_creation.ephemeral_1h_input_tokens") ?? 0) * 6.00 * Self.perMillion
                expected += Double(usage.int("usage.cache_read_input_tokens") ?? 0) * 0.30 * Self.perMillion
                expected += Double(usage.int("usage.output_tokens") ?? 0) * 15.00 * Self.perMillion
            }
            let ledger = emulator.ledger()
            #expect(ledger.entries.count == 3)
            #expect(ledger.entries.allSatisfy { $0.mode == .realtime && $0.model == "claude-sonnet-4-5" })
            let total = try #require(ledger.total(provider: .anthropic, model: "claude-sonnet-4-5"))
            #expect(Self.close(total.cost.total, expected), "\(total.cost.total) vs \(expected)")
            // The 1h write costs twice the input price per token, the 5m write 1.25×.
            let entry5m = ledger.entries[0]
            let entry1h = ledger.entries[1]
            #expect(Self.close(entry5m.cost.cacheWrite5m, Double(entry5m.usage.cacheWrite5mTokens) * 3.75 * Self.perMillion))
            #expect(Self.close(entry1h.cost.cacheWrite1h, Double(entry1h.usage.cacheWrite1hTokens) * 6.00 * Self.perMillion))

            // Batch: everything at 50%, stacking with the cache multipliers.
            let results = try await AnthropicCacheTests.runBatch(
                client, [["custom_id": "b-1", "params": AnthropicCacheTests.params(system: long, ttl: "1h", user: "batch")]]
            )
            let usage = try #require(results.first?.at("result.message.usage"))
            let batchExpected =
                Double(usage.int("input_tokens") ?? 0) * 1.50 * Self.perMillion
                + Double(usage.int("cache_read_input_tokens") ?? 0) * 0.15 * Self.perMillion
                + Double(usage.int("cache_creation.ephemeral_1h_input_tokens") ?? 0) * 3.00 * Self.perMillion
                + Double(usage.int("cache_creation.ephemeral_5m_input_tokens") ?? 0) * 1.875 * Self.perMillion
                + Double(usage.int("output_tokens") ?? 0) * 7.50 * Self.perMillion
            let batchEntry = try #require(emulator.ledger().entries.last)
            #expect(batchEntry.mode == .batch && batchEntry.customID == "b-1")
            #expect(Self.close(batchEntry.cost.total, batchExpected))

            // The HTTP view carries the same totals.
            let http = try await TestClient(baseURL: emulator.baseURL, headers: []).get("/_emulator/ledger").json
            let totalUSD = try #require(http.at("total_usd")?.doubleValue)
            #expect(Self.close(totalUSD, expected + batchExpected))
        }
    }

    @Test("OpenAI batch cache hits: discounted for gpt-5 (0.0625), billed at batch input for gpt-4o ('-')")
    func openAIBatchCachedPrices() async throws {
        try await withRunningEmulator(testConfiguration(workers: 1)) { emulator in
            let client = TestClient.openAI(emulator)
            let system = filler(tokens: 1500, seed: 31)
            for model in ["gpt-5", "gpt-4o"] {
                let lines = (0..<3).map { index -> String in
                    let line: JSONValue = [
                        "custom_id": .string("\(model)-\(index)"), "method": "POST", "url": "/v1/chat/completions",
                        "body": [
                            "model": .string(model), "max_completion_tokens": 20,
                            "messages": [["role": "system", "content": .string(system)], ["role": "user", "content": .string("q\(index)")]],
                        ],
                    ]
                    return line.serializedString()
                }
                let output = try await OpenAITests.runBatch(client, lines: lines, endpoint: "/v1/chat/completions")
                #expect(output.count == 3)
            }
            let ledger = emulator.ledger()
            for entry in ledger.entries {
                #expect(entry.mode == .batch)
                let cachedPrice = entry.model == "gpt-5" ? 0.0625 : 1.25
                let inputPrice = entry.model == "gpt-5" ? 0.625 : 1.25
                let outputPrice = entry.model == "gpt-5" ? 5.00 : 5.00
                let expected =
                    Double(entry.usage.inputTokens) * inputPrice * Self.perMillion
                    + Double(entry.usage.cacheReadTokens) * cachedPrice * Self.perMillion
                    + Double(entry.usage.outputTokens) * outputPrice * Self.perMillion
                #expect(Self.close(entry.cost.total, expected))
            }
            // One worker runs the items one after another, so all but the first hit.
            #expect(ledger.entries.filter { $0.usage.cacheReadTokens > 0 }.count == 4)
        }
    }
}
