import Foundation
import Testing

@testable import Emulator

@Suite("Gemini", .timeLimit(.minutes(1)))
struct GeminiTests {
    static func contents(_ text: String) -> JSONValue { [["role": "user", "parts": [["text": .string(text)]]]] }

    static func wait(_ client: TestClient, _ name: String) async throws -> JSONValue {
        try await client.poll("/v1beta/\(name)") { $0.at("done")?.boolValue == true }
    }

    @Test("explicit caches bill storage per token-hour of TTL and reads at the cache rate, not stacked with batch")
    func explicitCacheBilling() async throws {
        try await withRunningEmulator(testConfiguration(speedup: 20)) { emulator in
            let client = TestClient.gemini(emulator)
            let created = try await client.post(
                "/v1beta/cachedContents",
                ["model": "models/gemini-2.5-flash", "contents": Self.contents(filler(tokens: 3000, seed: 41)), "ttl": "3600s"]
            )
            #expect(created.status == 200, "\(created.text)")
            let cache = try created.json
            let name = try #require(cache.string("name"))
            let tokens = try #require(cache.int("usageMetadata.totalTokenCount"))
            #expect(tokens > 3000)
            // Storage: tokens × 1 h × $1.00 per 1M per hour (2.5 Flash, §3.4).
            let storage = try #require(emulator.ledger().entries.last)
            #expect(storage.mode == .cacheStorage)
            #expect(abs(storage.usage.storageTokenHours - Double(tokens)) < 1e-6)
            #expect(abs(storage.cost.storage - Double(tokens) * 1.00 / 1e6) < 1e-12)

            // Extending the TTL bills the extension.
            let updated = try await client.send(.PATCH, "/v1beta/\(name)", json: ["ttl": "7200s"]).json
            let before = try #require(Timestamps.parseRFC3339(cache.string("expireTime") ?? ""))
            let after = try #require(Timestamps.parseRFC3339(updated.string("expireTime") ?? ""))
            let extension_ = try #require(emulator.ledger().entries.last)
            #expect(extension_.mode == .cacheStorage)
            let expectedHours = Double(tokens) * after.timeIntervalSince(before) / 3600
            #expect(abs(extension_.usage.storageTokenHours - expectedHours) < 1e-3 * expectedHours)

            // A realtime read: cached tokens at 0.03, the rest at 0.30, output at 2.50.
            let generated = try await client.post(
                "/v1beta/models/gemini-2.5-flash:generateContent",
                ["contents": Self.contents("question"), "cachedContent": .string(name), "generationConfig": ["maxOutputTokens": 16]]
            ).json
            #expect(generated.int("usageMetadata.cachedContentTokenCount") == tokens)
            let prompt = try #require(generated.int("usageMetadata.promptTokenCount"))
            #expect(prompt > tokens)
            let output = try #require(generated.int("usageMetadata.candidatesTokenCount"))
            let realtime = try #require(emulator.ledger().entries.last)
            let realtimeExpected = Double(tokens) * 0.03 / 1e6 + Double(prompt - tokens) * 0.30 / 1e6 + Double(output) * 2.50 / 1e6
            #expect(abs(realtime.cost.total - realtimeExpected) < 1e-12)

            // In a batch the cached tokens still cost 0.03 (no stacking); the rest pays batch prices.
            let job = try await client.post(
                "/v1beta/models/gemini-2.5-flash:batchGenerateContent",
                [
                    "batch": [
                        "displayName": "cached",
                        "inputConfig": [
                            "requests": [
                                "requests": [
                                    ["request": ["contents": Self.contents("q1"), "cachedContent": .string(name)], "metadata": ["key": "one"]]
                                ]
                            ]
                        ],
                    ]
                ]
            ).json
            let done = try await Self.wait(client, job.string("name") ?? "")
            #expect(done.string("metadata.state") == "BATCH_STATE_SUCCEEDED")
            let inlined = try #require(done.at("metadata.output.inlinedResponses.inlinedResponses.0"))
            #expect(inlined.string("metadata.key") == "one")
            let batchPrompt = try #require(inlined.int("response.usageMetadata.promptTokenCount"))
            let batchOutput = try #require(inlined.int("response.usageMetadata.candidatesTokenCount"))
            let batchEntry = try #require(emulator.ledger().entries.last)
            #expect(batchEntry.mode == .batch)
            let batchExpected =
                Double(tokens) * 0.03 / 1e6 + Double(batchPrompt - tokens) * 0.15 / 1e6 + Double(batchOutput) * 1.25 / 1e6
            #expect(abs(batchEntry.cost.total - batchExpected) < 1e-12)
        }
    }

    @Test("a cache below the model minimum is refused; expired caches are gone")
    func cacheLimits() async throws {
        // The expiry comes from advance(by:); at 1x the 60 s TTL outlives a loaded machine's
        // pause between create and get (at 20x it was 3 real seconds).
        try await withRunningEmulator(testConfiguration(speedup: 1)) { emulator in
            let client = TestClient.gemini(emulator)
            let small = try await client.post(
                "/v1beta/cachedContents", ["model": "models/gemini-2.5-pro", "contents": Self.contents(filler(tokens: 2000, seed: 1))]
            )
            #expect(small.status == 400)
            #expect(try small.json.string("error.status") == "INVALID_ARGUMENT")
            #expect(try small.json.string("error.message")?.contains("min_total_token_count=4096") == true)
            let created = try await client.post(
                "/v1beta/cachedContents",
                ["model": "models/gemini-2.5-flash", "contents": Self.contents(filler(tokens: 1100, seed: 2)), "ttl": "60s"]
            ).json
            let name = try #require(created.string("name"))
            #expect(try await client.get("/v1beta/\(name)").status == 200)
            emulator.clock.advance(by: 61)
            #expect(try await client.get("/v1beta/\(name)").status == 404)
        }
    }

    @Test("file-mode batch: resumable upload, keyed results file, download from both paths")
    func fileModeBatch() async throws {
        try await withRunningEmulator(testConfiguration()) { emulator in
            let client = TestClient.gemini(emulator)
            let lines = (0..<4).map { "{\"key\":\"k\($0)\",\"request\":{\"contents\":[{\"parts\":[{\"text\":\"doc \($0)\"}]}]}}" }
            let content = Array(lines.joined(separator: "\n").utf8)
            let start = try await client.send(
                .POST, "/upload/v1beta/files", json: ["file": ["displayName": "input"]],
                headers: [
                    ("x-goog-upload-protocol", "resumable"), ("x-goog-upload-command", "start"),
                    ("x-goog-upload-header-content-length", String(content.count)),
                    ("x-goog-upload-header-content-type", "application/jsonl"),
                ]
            )
            #expect(start.header("x-goog-upload-status") == "active")
            let uploadURL = try #require(start.header("x-goog-upload-url").flatMap(URL.init(string:)))
            // The session URL is its own credential: no API key on the chunks.
            let session = TestClient(baseURL: emulator.baseURL, headers: [])
            let path = uploadURL.path + "?" + (uploadURL.query ?? "")
            let half = content.count / 2
            let first = try await session.send(
                .POST, path, body: Array(content[..<half]),
                headers: [("x-goog-upload-command", "upload"), ("x-goog-upload-offset", "0")]
            )
            #expect(first.header("x-goog-upload-status") == "active")
            let final = try await session.send(
                .POST, path, body: Array(content[half...]),
                headers: [("x-goog-upload-command", "upload, finalize"), ("x-goog-upload-offset", String(half))]
            )
            #expect(final.header("x-goog-upload-status") == "final")
            let file = try final.json
            let fileName = try #require(file.string("file.name"))
            #expect(file.string("file.sizeBytes") == String(content.count))

            let job = try await client.post(
                "/v1beta/models/gemini-2.5-flash:batchGenerateContent", ["batch": ["inputConfig": ["fileName": .string(fileName)]]]
            ).json
            #expect(job.string("metadata.state") == "BATCH_STATE_PENDING")
            let done = try await Self.wait(client, job.string("name") ?? "")
            #expect(done.string("metadata.state") == "BATCH_STATE_SUCCEEDED")
            #expect(done.string("metadata.batchStats.successfulRequestCount") == "4")
            let responses = try #require(done.string("metadata.output.responsesFile"))
            let viaDownload = try await client.get("/download/v1beta/\(responses):download?alt=media")
            let viaAPI = try await client.get("/v1beta/\(responses):download?alt=media")
            #expect(viaDownload.status == 200 && viaDownload.body == viaAPI.body)
            let results = try jsonLines(viaDownload.body)
            #expect(Set(results.compactMap { $0.string("key") }) == ["k0", "k1", "k2", "k3"])
            #expect(results.allSatisfy { $0.string("response.candidates.0.content.parts.0.text") != nil })
        }
    }

    @Test("JOB_STATE_* spelling when configured; cancel, delete and list")
    func statesCancelDelete() async throws {
        // One worker on a real-time clock: one item (25 emulated s) is in flight when the cancel arrives.
        let configuration = testConfiguration(speedup: 1, workers: 1) {
            $0.geminiStateStyle = .jobState
            $0.outputLength = .maxTokens
        }
        try await withRunningEmulator(configuration) { emulator in
            let client = TestClient.gemini(emulator)
            let requests: [JSONValue] = (0..<3).map {
                ["request": ["contents": Self.contents("item \($0)"), "generationConfig": ["maxOutputTokens": 2000]]]
            }
            let job = try await client.post(
                "/v1beta/models/gemini-2.5-flash:batchGenerateContent",
                ["batch": ["inputConfig": ["requests": ["requests": .array(requests)]]]]
            ).json
            let name = try #require(job.string("name"))
            #expect(job.string("metadata.state") == "JOB_STATE_PENDING")
            _ = try await client.poll("/v1beta/\(name)") { $0.string("metadata.state") == "JOB_STATE_RUNNING" }
            let cancel = try await client.send(.POST, "/v1beta/\(name):cancel")
            #expect(cancel.status == 200)
            emulator.clock.advance(by: 60)
            let done = try await Self.wait(client, name)
            #expect(done.string("metadata.state") == "JOB_STATE_CANCELLED")
            #expect(done.string("metadata.batchStats.successfulRequestCount") == "1")
            #expect(done.at("metadata.output.inlinedResponses.inlinedResponses")?.arrayValue?.count == 1)
            let list = try await client.get("/v1beta/batches").json
            #expect(list.at("operations")?.arrayValue?.count == 1)
            #expect(try await client.send(.DELETE, "/v1beta/\(name)").status == 200)
            #expect(try await client.get("/v1beta/\(name)").status == 404)
            #expect(try await client.get("/v1beta/batches").json.at("operations")?.arrayValue?.isEmpty == true)
        }
    }

    @Test("auth and errors: 403 without a key, ?key= works, unknown model is NOT_FOUND")
    func errors() async throws {
        try await withRunningEmulator(testConfiguration()) { emulator in
            let anonymous = TestClient(baseURL: emulator.baseURL, headers: [])
            let missing = try await anonymous.post("/v1beta/models/gemini-2.5-flash:generateContent", ["contents": Self.contents("x")])
            #expect(missing.status == 403)
            #expect(try missing.json.string("error.status") == "PERMISSION_DENIED")
            #expect(try missing.json.int("error.code") == 403)
            let viaQuery = try await anonymous.post(
                "/v1beta/models/gemini-2.5-flash:generateContent?key=abc", ["contents": Self.contents("x")]
            )
            #expect(viaQuery.status == 200)
            let unknown = try await TestClient.gemini(emulator).post(
                "/v1beta/models/gemini-0-nope:generateContent", ["contents": Self.contents("x")]
            )
            #expect(unknown.status == 404)
            #expect(try unknown.json.string("error.status") == "NOT_FOUND")
        }
    }

    @Test("implicit caching reports repeated prefixes past the minimum")
    func implicitCaching() async throws {
        try await withRunningEmulator(testConfiguration(speedup: 20)) { emulator in
            let client = TestClient.gemini(emulator)
            let body: JSONValue = [
                "systemInstruction": ["parts": [["text": .string(filler(tokens: 1500, seed: 51))]]],
                "contents": Self.contents("what now"), "generationConfig": ["maxOutputTokens": 8],
            ]
            let first = try await client.post("/v1beta/models/gemini-2.5-flash:generateContent", body).json
            #expect(first.at("usageMetadata.cachedContentTokenCount") == nil)
            let second = try await client.post("/v1beta/models/gemini-2.5-flash:generateContent", body).json
            #expect((second.int("usageMetadata.cachedContentTokenCount") ?? 0) >= 1500)
        }
    }
}
