import AsyncHTTPClient
import Foundation
import Testing

@testable import Emulator

@Suite("Fault injection", .timeLimit(.minutes(1)))
struct FaultTests {
    static let message: JSONValue = [
        "model": "claude-sonnet-4-5", "max_tokens": 8, "messages": [["role": "user", "content": "x"]],
    ]

    @Test("429 with retry-after, 529 overloaded, set at run time over HTTP, scoped by path")
    func httpFaults() async throws {
        try await withRunningEmulator(testConfiguration()) { emulator in
            let admin = TestClient(baseURL: emulator.baseURL, headers: [])
            let client = TestClient.anthropic(emulator)
            let set = try await admin.post("/_emulator/faults", ["rate_limit_rate": 1, "retry_after_seconds": 2.5])
            #expect(set.status == 200)
            let limited = try await client.post("/v1/messages", Self.message)
            #expect(limited.status == 429)
            #expect(try limited.json.string("error.type") == "rate_limit_error")
            #expect(limited.header("retry-after") == "3")
            #expect(limited.header("retry-after-ms") == "2500")
            _ = try await admin.post("/_emulator/faults", ["overloaded_rate": 1])
            let overloaded = try await client.post("/v1/messages", Self.message)
            #expect(overloaded.status == 529)
            #expect(try overloaded.json.string("error.type") == "overloaded_error")
            let openAI = try await TestClient.openAI(emulator).post(
                "/v1/chat/completions", ["model": "gpt-4o-mini", "messages": [["role": "user", "content": "x"]]]
            )
            #expect(openAI.status == 503)
            _ = try await admin.post("/_emulator/faults", ["server_error_rate": 1, "path_prefixes": ["/v1beta/"]])
            #expect(try await client.post("/v1/messages", Self.message).status == 200)
            let gemini = try await TestClient.gemini(emulator).post(
                "/v1beta/models/gemini-2.5-flash:generateContent", ["contents": [["parts": [["text": "x"]]]]]
            )
            #expect(gemini.status == 500)
            #expect(try gemini.json.string("error.status") == "INTERNAL")
            emulator.setFaults(.none)
            #expect(try await client.post("/v1/messages", Self.message).status == 200)
        }
    }

    @Test("the same seed draws the same faults in the same order")
    func deterministic() async throws {
        func statuses(seed: UInt64) async throws -> [Int] {
            var faults = EmulatorFaults()
            faults.rateLimitRate = 0.5
            faults.retryAfterSeconds = 0
            return try await withRunningEmulator(testConfiguration(seed: seed) { $0.faults = faults }) { emulator in
                let client = TestClient.anthropic(emulator)
                var result: [Int] = []
                for _ in 0..<16 { result.append(try await client.post("/v1/messages/count_tokens", Self.message).status) }
                return result
            }
        }
        let first = try await statuses(seed: 11)
        #expect(first == (try await statuses(seed: 11)))
        #expect(Set(first) == [200, 429])
    }

    @Test("errored and expired batch items, unbilled; failed batches for OpenAI and Gemini")
    func batchFaults() async throws {
        var faults = EmulatorFaults()
        faults.itemErrorRate = 0.5
        faults.itemExpiryRate = 0.5
        try await withRunningEmulator(testConfiguration { $0.faults = faults }) { emulator in
            let client = TestClient.anthropic(emulator)
            let requests = (0..<10).map { AnthropicBatchTests.item("f\($0)") }
            let id = try await client.post("/v1/messages/batches", ["requests": .array(requests)]).json.string("id") ?? ""
            let ended = try await client.poll("/v1/messages/batches/\(id)") { $0.string("processing_status") == "ended" }
            #expect((ended.int("request_counts.errored") ?? 0) + (ended.int("request_counts.expired") ?? 0) == 10)
            #expect((ended.int("request_counts.errored") ?? 0) > 0 && (ended.int("request_counts.expired") ?? 0) > 0)
            let lines = try jsonLines(try await client.get("/v1/messages/batches/\(id)/results").body)
            #expect(lines.filter { $0.string("result.type") == "errored" }.allSatisfy {
                $0.string("result.error.error.type") == "api_error"
            })
            #expect(emulator.ledger().entries.isEmpty)

            var failing = EmulatorFaults()
            failing.batchFailureRate = 1
            emulator.setFaults(failing)
            let openAI = TestClient.openAI(emulator)
            let line = "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}}"
            let created = try await OpenAITests.createBatch(openAI, lines: [line], endpoint: "/v1/chat/completions")
            let failed = try await OpenAITests.wait(openAI, created.string("id") ?? "")
            #expect(failed.string("status") == "failed")
            #expect(failed.string("errors.data.0.code") == "token_limit_exceeded")
            #expect(failed.string("errors.data.0.message")?.hasPrefix("Enqueued token limit reached for gpt-4o-mini") == true)

            let gemini = TestClient.gemini(emulator)
            let job = try await gemini.post(
                "/v1beta/models/gemini-2.5-flash:batchGenerateContent",
                ["batch": ["inputConfig": ["requests": ["requests": [["request": ["contents": [["parts": [["text": "x"]]]]]]]]]]]
            ).json
            let done = try await GeminiTests.wait(gemini, job.string("name") ?? "")
            #expect(done.string("metadata.state") == "BATCH_STATE_FAILED")
            #expect(done.int("error.code") == 8)
        }
    }

    @Test("the enqueued-token cap fails an OpenAI batch that would exceed it")
    func enqueuedTokenLimit() async throws {
        try await withRunningEmulator(testConfiguration { $0.openAIEnqueuedTokenLimit = 100 }) { emulator in
            let client = TestClient.openAI(emulator)
            let line: JSONValue = [
                "custom_id": "a", "method": "POST", "url": "/v1/chat/completions",
                "body": ["model": "gpt-4o-mini", "messages": [["role": "user", "content": .string(filler(tokens: 200, seed: 3))]]],
            ]
            let created = try await OpenAITests.createBatch(client, lines: [line.serializedString()], endpoint: "/v1/chat/completions")
            let failed = try await OpenAITests.wait(client, created.string("id") ?? "")
            #expect(failed.string("errors.data.0.code") == "token_limit_exceeded")
            #expect(failed.string("errors.data.0.message")?.contains("Limit: 100 enqueued tokens") == true)
        }
    }

    @Test("downloads cut off mid-body fail on the client; slow downloads take their time")
    func downloads() async throws {
        try await withRunningEmulator(testConfiguration { $0.outputLength = .maxTokens }) { emulator in
            let client = TestClient.anthropic(emulator)
            let requests = (0..<4).map { AnthropicBatchTests.item("d\($0)", maxTokens: 20000) }
            let id = try await client.post("/v1/messages/batches", ["requests": .array(requests)]).json.string("id") ?? ""
            _ = try await client.poll("/v1/messages/batches/\(id)") { $0.string("processing_status") == "ended" }
            let full = try await client.get("/v1/messages/batches/\(id)/results")
            #expect(full.body.count > 300_000)

            var cut = EmulatorFaults()
            cut.downloadCutoffRate = 1
            cut.downloadCutoffFraction = 0.3
            emulator.setFaults(cut)
            var failedOrShort = false
            do {
                let partial = try await client.get("/v1/messages/batches/\(id)/results")
                failedOrShort = partial.body.count < full.body.count
            } catch {
                failedOrShort = true
            }
            #expect(failedOrShort)

            var slow = EmulatorFaults()
            slow.downloadBytesPerSecond = Double(full.body.count) * 4
            emulator.setFaults(slow)
            let started = ContinuousClock.now
            let throttled = try await client.get("/v1/messages/batches/\(id)/results")
            #expect(throttled.body == full.body)
            #expect(ContinuousClock.now - started >= .milliseconds(200))
        }
    }
}
