import Foundation
import Testing

@testable import Providers

@Suite("Price book", .timeLimit(.minutes(1)))
struct PriceBookTests {
    static func usd(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }

    @Test func bundledBookCoversEveryProviderWithDatedSourcedPrices() throws {
        let book = try PriceBook.bundled()
        let entries = book.entries
        #expect(entries.count >= 30)
        for provider in Provider.allCases {
            #expect(entries.contains { $0.provider == provider })
        }
        for entry in entries {
            #expect(entry.price(.input) != nil, "\(entry.model) has no input price")
            #expect(entry.price(.output) != nil, "\(entry.model) has no output price")
            #expect(entry.price(.batchInput) != nil, "\(entry.model) has no batch input price")
            #expect(entry.price(.batchOutput) != nil, "\(entry.model) has no batch output price")
            #expect(entry.asOf.count == 10, "\(entry.model) as_of is not a date")
            #expect(!entry.source.isEmpty)
            // Batch is 50% of list on all three providers.
            #expect(entry.price(.batchInput)! * 2 == entry.price(.input)!, "\(entry.model) batch input is not half")
        }
        // The models providers.md prices, one per family at least.
        for (provider, model) in [
            (Provider.anthropic, "claude-opus-4-1"), (.anthropic, "claude-sonnet-4-5"), (.anthropic, "claude-haiku-4-5"),
            (.anthropic, "claude-3-5-haiku"), (.anthropic, "claude-opus-5-5"), (.anthropic, "claude-haiku-5-5"),
            (.openai, "gpt-4o"), (.openai, "gpt-4o-mini"), (.openai, "gpt-4.1"), (.openai, "gpt-4.1-mini"),
            (.openai, "gpt-5"), (.openai, "gpt-5-mini"), (.openai, "gpt-5-nano"),
            (.gemini, "gemini-2.5-pro"), (.gemini, "gemini-2.5-flash"), (.gemini, "gemini-2.5-flash-lite"),
        ] {
            #expect(throws: Never.self) { try book.entry(provider: provider, model: model) }
        }
    }

    @Test func documentedNumbersAreExact() throws {
        let book = try PriceBook.bundled()
        let sonnet = try book.entry(provider: .anthropic, model: "claude-sonnet-4-5")
        #expect(sonnet.price(.cacheWrite5m) == Self.usd("3.75"))
        #expect(sonnet.price(.batchCacheWrite5m) == Self.usd("1.875"))
        #expect(sonnet.price(.batchCacheRead) == Self.usd("0.15"))
        #expect(sonnet.facts.minCacheableTokens == 1024)
        let gpt5 = try book.entry(provider: .openai, model: "gpt-5")
        #expect(gpt5.price(.batchCacheRead) == Self.usd("0.0625"))
        let pro = try book.entry(provider: .gemini, model: "gemini-2.5-pro")
        #expect(pro.price(.cacheStoragePerMTokHour) == Self.usd("4.50"))
        // Gemini: cache and batch discounts do not stack.
        #expect(pro.price(.batchCacheRead) == pro.price(.cacheRead))
        #expect(pro.longContext?.thresholdTokens == 200_000)
    }

    @Test func unknownModelIsAnErrorNeverZero() throws {
        let book = try PriceBook.bundled()
        #expect { try book.cost(of: TokenUsage(inputTokens: 1), provider: .openai, model: "gpt-9-imaginary", mode: .batch) } throws: {
            ($0 as? PriceBookError)?.isUnknownModel == true && "\($0)".contains("gpt-9-imaginary")
        }
        #expect { try book.entry(provider: .gemini, model: "claude-sonnet-4-5") } throws: { ($0 as? PriceBookError)?.isUnknownModel == true }
    }

    @Test func aliasesDatedSnapshotsAndResourceNamesResolve() throws {
        let book = try PriceBook.bundled()
        #expect(try book.entry(provider: .anthropic, model: "claude-sonnet-4-5-20250929").model == "claude-sonnet-4-5")
        #expect(try book.entry(provider: .anthropic, model: "claude-sonnet-4-0").model == "claude-sonnet-4")
        #expect(try book.entry(provider: .anthropic, model: "claude-3-5-haiku-latest").model == "claude-3-5-haiku")
        #expect(try book.entry(provider: .openai, model: "gpt-4o-2024-08-06").model == "gpt-4o")
        #expect(try book.entry(provider: .gemini, model: "models/gemini-2.5-flash").model == "gemini-2.5-flash")
    }

    @Test func batchCostWithTTLSplitMatchesHandComputation() throws {
        let book = try PriceBook.bundled()
        let usage = TokenUsage(
            inputTokens: 1_000,
            cacheReadInputTokens: 10_000,
            cacheWriteInputTokens: 5_000,
            cacheWriteSplit: .init(fiveMinute: 2_000, oneHour: 3_000),
            outputTokens: 500
        )
        let cost = try book.cost(of: usage, provider: .anthropic, model: "claude-sonnet-4-5", mode: .batch)
        #expect(cost.input == Self.usd("0.0015"))
        #expect(cost.cacheRead == Self.usd("0.0015"))
        #expect(cost.cacheWrite == Self.usd("0.01275"))
        #expect(cost.output == Self.usd("0.00375"))
        #expect(cost.total == Self.usd("0.0195"))
        let baseline = try book.baselineCost(of: usage, provider: .anthropic, model: "claude-sonnet-4-5")
        #expect(baseline.total == Self.usd("0.0555"))
        // Without a split, writes are priced at the default (5-minute) TTL.
        var unsplit = usage
        unsplit.cacheWriteSplit = nil
        #expect(try book.cost(of: unsplit, provider: .anthropic, model: "claude-sonnet-4-5", mode: .realtime).cacheWrite == Self.usd("0.01875"))
    }

    @Test func longContextTierAppliesAboveThreshold() throws {
        let book = try PriceBook.bundled()
        let small = try book.cost(of: TokenUsage(inputTokens: 100_000, outputTokens: 1_000), provider: .gemini, model: "gemini-2.5-pro", mode: .realtime)
        #expect(small.total == Self.usd("0.135"))
        let large = try book.cost(of: TokenUsage(inputTokens: 250_000, outputTokens: 1_000), provider: .gemini, model: "gemini-2.5-pro", mode: .realtime)
        #expect(large.total == Self.usd("0.64"))
        let largeBatch = try book.cost(of: TokenUsage(inputTokens: 250_000, outputTokens: 1_000), provider: .gemini, model: "gemini-2.5-pro", mode: .batch)
        #expect(largeBatch.total == Self.usd("0.32"))
    }

    @Test func flexUsesBatchPricesOnOpenAIAndIsRefusedElsewhere() throws {
        let book = try PriceBook.bundled()
        let usage = TokenUsage(inputTokens: 1_000_000, cacheReadInputTokens: 1_000_000, outputTokens: 1_000_000)
        let flex = try book.cost(of: usage, provider: .openai, model: "gpt-5", mode: .flex)
        #expect(flex == (try book.cost(of: usage, provider: .openai, model: "gpt-5", mode: .batch)))
        #expect(flex.total == Self.usd("5.6875"))
        #expect { try book.cost(of: usage, provider: .anthropic, model: "claude-sonnet-4-5", mode: .flex) } throws: {
            ($0 as? PriceBookError)?.isMissingPrice == true
        }
    }

    @Test func missingPriceForUsedTokensThrows() throws {
        let book = try PriceBook.bundled()
        // Embedding models list no cache-read price.
        #expect { try book.cost(of: TokenUsage(inputTokens: 1, cacheReadInputTokens: 5), provider: .openai, model: "text-embedding-3-small", mode: .batch) } throws: {
            ($0 as? PriceBookError)?.isMissingPrice == true
        }
        #expect(try book.cost(of: TokenUsage(inputTokens: 1_000_000), provider: .openai, model: "text-embedding-3-small", mode: .batch).total == Self.usd("0.01"))
    }

    @Test func cacheStorageIsPerTokenHour() throws {
        let book = try PriceBook.bundled()
        #expect(try book.cacheStorageCost(provider: .gemini, model: "gemini-2.5-flash", tokens: 100_000, hours: 2) == Self.usd("0.2"))
        #expect(throws: PriceBookError.self) { try book.cacheStorageCost(provider: .anthropic, model: "claude-sonnet-4-5", tokens: 1, hours: 1) }
    }

    @Test func overrideFileMergesFieldByField() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prices-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("override.yaml")
        try #"""
        models:
          - provider: openai
            model: gpt-4o
            as_of: "2027-01-01"
            source: "negotiated contract"
            prices: {batch_cache_read: 0.625}
          - provider: openai
            model: my-finetune
            aliases: [ft-1]
            as_of: "2027-01-01"
            source: "internal"
            prices: {input: 1, output: 2, batch_input: 0.5, batch_output: 1}
            facts: {context_window: 8000}
        """#.write(to: file, atomically: true, encoding: .utf8)
        let book = try PriceBook.load(overrideFile: file)
        let gpt4o = try book.entry(provider: .openai, model: "gpt-4o")
        #expect(gpt4o.price(.batchCacheRead) == Self.usd("0.625"))
        #expect(gpt4o.price(.input) == Self.usd("2.50"), "untouched fields survive the override")
        #expect(gpt4o.asOf == "2027-01-01")
        #expect(gpt4o.facts.minCacheableTokens == 1024)
        #expect(try book.entry(provider: .openai, model: "ft-1").facts.contextWindow == 8000)
        #expect(try PriceBook.bundled().entry(provider: .openai, model: "gpt-4o").price(.batchCacheRead) == Self.usd("1.25"))
    }

    @Test(arguments: [
        ("models: [{provider: openai, model: x, as_of: '2026-01-01', source: s, prices: {inptu: 1}}]", "unknown price"),
        ("models: [{provider: mistral, model: x, as_of: '2026-01-01', source: s}]", "unknown provider"),
        ("models: [{provider: openai, model: x, source: s}]", "as_of"),
        ("models: [{provider: openai, model: x, as_of: '2026-01-01', source: s, prices: {input: -1}}]", "plain non-negative"),
        ("models: [{provider: openai, model: x, as_of: '2026-01-01', source: s, prices: {input: 1e3}}]", "plain non-negative"),
        ("models: [{provider: openai, model: x, as_of: '2026-01-01', source: s, colour: red}]", "unknown key"),
        ("nope: 1", "models"),
    ])
    func invalidFilesAreRejected(yaml: String, expected: String) {
        #expect { try PriceBook(yaml: yaml, origin: "test.yaml") } throws: { error in
            guard let error = error as? PriceBookError else { return false }
            return error.isInvalidFile && error.message.contains(expected)
        }
    }
}
