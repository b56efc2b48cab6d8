import Foundation
import Testing

@testable import Emulator

/// Anthropic prompt caching by mechanism (providers.md §1.5): breakpoints, minimums, TTLs,
/// availability after the first token, and what that means for batches.
@Suite("Anthropic prompt cache", .timeLimit(.minutes(1)))
struct AnthropicCacheTests {
    static let model = "claude-sonnet-4-5"

    static func params(system: String, ttl: String? = "1h", user: String, maxTokens: Int = 64) -> JSONValue {
        var block = JSONObject([("type", "text"), ("text", .string(system))])
        if let ttl { block["cache_control"] = ["type": "ephemeral", "ttl": .string(ttl)] }
        return [
            "model": .string(model), "max_tokens": .int(maxTokens), "system": [.object(block)],
            "messages": [["role": "user", "content": .string(user)]],
        ]
    }

    static func runBatch(_ client: TestClient, _ requests: [JSONValue]) async throws -> [JSONValue] {
        let created = try await client.post("/v1/messages/batches", ["requests": .array(requests)])
        #expect(created.status == 200, "\(created.text)")
        let id = try created.json.string("id") ?? ""
        let ended = try await client.poll("/v1/messages/batches/\(id)") { $0.string("processing_status") == "ended" }
        let url = try #require(ended.string("results_url"))
        #expect(url.hasSuffix("/v1/messages/batches/\(id)/results"))
        let results = try await client.get("/v1/messages/batches/\(id)/results")
        #expect(results.status == 200)
        return try jsonLines(results.body)
    }

    static func items(_ count: Int, system: String, tag: String) -> [JSONValue] {
        (0..<count).map { index in
            ["custom_id": .string("\(tag)-\(index)"), "params": params(system: system, user: "Document \(tag) \(index)")]
        }
    }

    @Test("a cold batch whose first wave runs concurrently misses; a batch after it ended hits")
    func coldThenWarmBatch() async throws {
        try await withRunningEmulator(testConfiguration(workers: 32)) { emulator in
            let client = TestClient.anthropic(emulator)
            let system = filler(tokens: 2000, seed: 1)
            let cold = try await Self.runBatch(client, Self.items(20, system: system, tag: "cold"))
            #expect(cold.count == 20)
            let coldReads = cold.filter { ($0.int("result.message.usage.cache_read_input_tokens") ?? 0) > 0 }
            let coldWrites = cold.filter { ($0.int("result.message.usage.cache_creation_input_tokens") ?? 0) > 0 }
            #expect(coldReads.isEmpty, "concurrent first wave must not read entries written by its own wave")
            #expect(coldWrites.count == 20)
            let written = cold[0].int("result.message.usage.cache_creation.ephemeral_1h_input_tokens") ?? 0
            #expect(written >= 2000)

            let warm = try await Self.runBatch(client, Self.items(20, system: system, tag: "warm"))
            let warmReads = warm.compactMap { $0.int("result.message.usage.cache_read_input_tokens") }
            #expect(warmReads.count == 20)
            #expect(warmReads.allSatisfy { $0 == written })
            #expect(warm.allSatisfy { $0.int("result.message.usage.cache_creation_input_tokens") == 0 })
            #expect(warm.allSatisfy { $0.string("result.message.usage.service_tier") == "batch" })
        }
    }

    @Test("with fewer workers than items only the first wave misses")
    func firstWaveOnlyMisses() async throws {
        try await withRunningEmulator(testConfiguration(workers: 4)) { emulator in
            let client = TestClient.anthropic(emulator)
            let results = try await Self.runBatch(client, Self.items(12, system: filler(tokens: 1500, seed: 2), tag: "w"))
            let misses = results.filter { $0.int("result.message.usage.cache_read_input_tokens") == 0 }
            #expect(misses.count == 4)
        }
    }

    @Test("a one-request primer batch warms the cache for the batch sent after it")
    func primerPattern() async throws {
        try await withRunningEmulator(testConfiguration(workers: 64)) { emulator in
            let client = TestClient.anthropic(emulator)
            let system = filler(tokens: 3000, seed: 3)
            let primer = try await Self.runBatch(client, Self.items(1, system: system, tag: "primer"))
            #expect(primer.first?.int("result.message.usage.cache_creation.ephemeral_1h_input_tokens") ?? 0 > 0)
            let main = try await Self.runBatch(client, Self.items(30, system: system, tag: "main"))
            #expect(main.allSatisfy { ($0.int("result.message.usage.cache_read_input_tokens") ?? 0) > 0 })
        }
    }

    @Test("prefixes under the model minimum are silently not cached")
    func belowMinimum() async throws {
        try await withRunningEmulator(testConfiguration()) { emulator in
            let client = TestClient.anthropic(emulator)
            // claude-haiku-4-5's minimum is 4096 tokens; ~2000 is below it.
            var body = Self.params(system: filler(tokens: 2000, seed: 4), user: "hi")
            if case .object(var object) = body {
                object["model"] = "claude-haiku-4-5"
                body = .object(object)
            }
            for _ in 0..<2 {
                let response = try await client.post("/v1/messages", body)
                #expect(response.status == 200)
                let json = try response.json
                #expect(json.int("usage.cache_creation_input_tokens") == 0)
                #expect(json.int("usage.cache_read_input_tokens") == 0)
                #expect((json.int("usage.input_tokens") ?? 0) > 2000)
            }
        }
    }

    @Test("a 5-minute entry expires on the sped-up clock unless hits refresh it")
    func ttlExpiryAndRefresh() async throws {
        // The jumps come from advance(by:); at 2× the real time a loaded machine takes between
        // requests (seconds) stays far inside the 60 s margins.
        try await withRunningEmulator(testConfiguration(speedup: 2)) { emulator in
            let client = TestClient.anthropic(emulator)
            let body = Self.params(system: filler(tokens: 1500, seed: 5), ttl: "5m", user: "q", maxTokens: 8)
            func send() async throws -> (read: Int, write: Int) {
                let json = try await client.post("/v1/messages", body).json
                return (json.int("usage.cache_read_input_tokens") ?? -1, json.int("usage.cache_creation_input_tokens") ?? -1)
            }
            let first = try await send()
            #expect(first.read == 0 && first.write > 0)
            emulator.clock.advance(by: 240)
            #expect(try await send().read == first.write)  // hit at +4 min refreshes to +9
            emulator.clock.advance(by: 240)
            #expect(try await send().read == first.write)  // still alive at +8 min thanks to the refresh
            emulator.clock.advance(by: 360)
            let late = try await send()  // +14 min: past +13
            #expect(late.read == 0 && late.write == first.write)
        }
    }

    @Test("a 1-hour entry outlives five minutes")
    func oneHourTTL() async throws {
        // The jumps come from advance(by:); at the default 200x the 10-minute margin was 3 real
        // seconds, which a loaded full run outlived. At 2x it is 5 minutes.
        try await withRunningEmulator(testConfiguration(speedup: 2)) { emulator in
            let client = TestClient.anthropic(emulator)
            let body = Self.params(system: filler(tokens: 1500, seed: 6), ttl: "1h", user: "q")
            _ = try await client.post("/v1/messages", body)
            emulator.clock.advance(by: 50 * 60)
            #expect((try await client.post("/v1/messages", body).json.int("usage.cache_read_input_tokens") ?? 0) > 0)
            emulator.clock.advance(by: 61 * 60)
            #expect(try await client.post("/v1/messages", body).json.int("usage.cache_read_input_tokens") == 0)
        }
    }

    @Test("two concurrent realtime requests both miss: an entry is readable only after the first token")
    func concurrentRealtimeMiss() async throws {
        // Real time: the first token takes ~0.7 s, far longer than the two requests are apart.
        try await withRunningEmulator(testConfiguration(speedup: 1)) { emulator in
            let client = TestClient.anthropic(emulator)
            let body = Self.params(system: filler(tokens: 1500, seed: 7), user: "q", maxTokens: 4)
            async let first = client.post("/v1/messages", body)
            async let second = client.post("/v1/messages", body)
            let results = try await [first.json, second.json]
            #expect(results.allSatisfy { $0.int("usage.cache_read_input_tokens") == 0 })
            #expect(results.allSatisfy { ($0.int("usage.cache_creation_input_tokens") ?? 0) > 0 })
        }
    }

    @Test("tools → system → messages: changing a tool invalidates the system entry")
    func prefixOrder() async throws {
        try await withRunningEmulator(testConfiguration(speedup: 20)) { emulator in
            let client = TestClient.anthropic(emulator)
            func body(tool: String) -> JSONValue {
                [
                    "model": .string(Self.model), "max_tokens": 16,
                    "tools": [["name": .string(tool), "input_schema": ["type": "object"]]],
                    "system": [
                        ["type": "text", "text": .string(filler(tokens: 1500, seed: 8)), "cache_control": ["type": "ephemeral"]]
                    ],
                    "messages": [["role": "user", "content": "q"]],
                ]
            }
            _ = try await client.post("/v1/messages", body(tool: "a"))
            #expect((try await client.post("/v1/messages", body(tool: "a")).json.int("usage.cache_read_input_tokens") ?? 0) > 0)
            #expect(try await client.post("/v1/messages", body(tool: "b")).json.int("usage.cache_read_input_tokens") == 0)
        }
    }

    @Test("more than four breakpoints is a 400, and so is 1h after 5m")
    func breakpointRules() async throws {
        try await withRunningEmulator(testConfiguration()) { emulator in
            let client = TestClient.anthropic(emulator)
            let blocks: [JSONValue] = (0..<5).map { index in
                ["type": "text", "text": .string("part \(index)"), "cache_control": ["type": "ephemeral"]]
            }
            let tooMany = try await client.post(
                "/v1/messages",
                ["model": .string(Self.model), "max_tokens": 8, "system": .array(blocks), "messages": [["role": "user", "content": "x"]]]
            )
            #expect(tooMany.status == 400)
            #expect(try tooMany.json.string("error.type") == "invalid_request_error")
            #expect(try tooMany.json.string("error.message")?.contains("maximum of 4") == true)
            let order = try await client.post(
                "/v1/messages",
                [
                    "model": .string(Self.model), "max_tokens": 8,
                    "system": [
                        ["type": "text", "text": "a", "cache_control": ["type": "ephemeral", "ttl": "5m"]],
                        ["type": "text", "text": "b", "cache_control": ["type": "ephemeral", "ttl": "1h"]],
                    ],
                    "messages": [["role": "user", "content": "x"]],
                ]
            )
            #expect(order.status == 400)
        }
    }

    @Test("count_tokens agrees with the usage of the same request")
    func countTokensConsistent() async throws {
        try await withRunningEmulator(testConfiguration()) { emulator in
            let client = TestClient.anthropic(emulator)
            let body = Self.params(system: filler(tokens: 1200, seed: 9), user: "How many tokens is this?")
            let counted = try await client.post("/v1/messages/count_tokens", body).json.int("input_tokens") ?? -1
            let usage = try await client.post("/v1/messages", body).json
            let total =
                (usage.int("usage.input_tokens") ?? 0) + (usage.int("usage.cache_creation_input_tokens") ?? 0)
                + (usage.int("usage.cache_read_input_tokens") ?? 0)
            #expect(counted == total)
            #expect(counted > 1200)
        }
    }
}
