import Foundation
import Testing

@testable import Emulator

@Suite("Tokenizer, text, catalogue, JSON", .timeLimit(.minutes(1)))
struct CoreTests {
    @Test("the tokenizer lands near 4 characters per token on English and is deterministic")
    func tokenizerRatio() {
        let english = """
            The emulator counts tokens with its own deterministic rules, so that a client estimating \
            prompt sizes is checked against an independent count rather than against itself. Numbers \
            like 2026 or 123456 split into groups of three digits, and punctuation counts on its own.
            """
        let count = EmulatorTokenizer.count(english)
        let ratio = Double(english.count) / Double(count)
        #expect(ratio > 3.0 && ratio < 5.0, "chars per token \(ratio)")
        #expect(EmulatorTokenizer.count(english) == count)
        #expect(EmulatorTokenizer.count("") == 0)
        #expect(EmulatorTokenizer.count("abcd") == 1)
        #expect(EmulatorTokenizer.count(" abcdefgh") == 2)
        #expect(EmulatorTokenizer.count("123456") == 2)
        #expect(EmulatorTokenizer.count("日本") == 2)
        #expect(EmulatorTokenizer.tokenHashes(english).count == count)
    }

    @Test("generated text has exactly the requested number of tokens and needs no escaping", arguments: [1, 2, 17, 300, 64000, 150_000])
    func generatedLength(tokens: Int) {
        let bytes = TextGenerator.generateBytes(tokens: tokens, seed: UInt64(tokens))
        #expect(EmulatorTokenizer.count(String(decoding: bytes, as: UTF8.self)) == tokens)
        #expect(!bytes.contains { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 })
        #expect(bytes == TextGenerator.generateBytes(tokens: tokens, seed: UInt64(tokens)))
    }

    @Test("the catalogue cites providers.md and carries its published prices")
    func catalogue() throws {
        let catalogue = try ModelCatalogue.bundled()
        for provider in Provider.allCases {
            for model in catalogue.models(of: provider) {
                #expect(model.source.contains("providers.md"), "\(model.id) cites no source")
                if model.kind == .chat { #expect(model.minCacheableTokens != nil && model.contextWindow != nil) }
                if model.kind == .embedding { #expect(model.dimensions != nil) }
            }
        }
        let sonnet = try #require(catalogue.model("claude-sonnet-4-5-20250929", provider: .anthropic))
        #expect(sonnet.prices == ModelPrices(input: 3, output: 15, cacheRead: 0.30, cacheWrite5m: 3.75, cacheWrite1h: 6))
        #expect(sonnet.batchPrices.input == 1.5 && sonnet.batchPrices.cacheWrite1h == 3.0 && sonnet.batchPrices.cacheRead == 0.15)
        #expect(catalogue.model("claude-opus-4-5", provider: .anthropic)?.minCacheableTokens == 4096)
        #expect(catalogue.model("claude-opus-5", provider: .anthropic)?.minCacheableTokens == 512)
        #expect(catalogue.model("gpt-4o", provider: .openai)?.batchPrices.cacheRead == nil)
        #expect(catalogue.model("gpt-5-mini", provider: .openai)?.batchPrices.cacheRead == 0.0125)
        let pro = try #require(catalogue.model("models/gemini-2.5-pro", provider: .gemini))
        #expect(pro.priceTable(batch: false, promptTokens: 100_000).input == 1.25)
        #expect(pro.priceTable(batch: false, promptTokens: 250_000).input == 2.50)
        #expect(pro.priceTable(batch: true, promptTokens: 250_000).cacheRead == 0.25)
        #expect(pro.prices.cacheStoragePerHour == 4.50)
    }

    @Test("JSON round-trips, including escapes, surrogates and pre-encoded strings")
    func json() throws {
        let text = #"{"a":[1,-2.5,true,null,"x\"y\\z\n\u00e9\ud83d\ude00"],"b":{"c":1e3}}"#
        let value = try JSONValue.parse(text)
        #expect(value.at("a.4")?.stringValue == "x\"y\\z\né😀")
        #expect(value.at("b.c")?.intValue == 1000)
        #expect(try JSONValue.parse(value.serialized()).serialized() == value.serialized())
        #expect(JSONValue.plainText(Array("hi there".utf8)).serializedString() == "\"hi there\"")
        #expect(throws: JSONParseError.self) { try JSONValue.parse("{\"a\":1,}") }
        #expect(throws: JSONParseError.self) { try JSONValue.parse("[1] 2") }
    }
}
