import Foundation
import Testing

@testable import Emulator

@Suite("OpenAI", .timeLimit(.minutes(1)))
struct OpenAITests {
    /// Multipart upload of a JSONL batch input file.
    static func upload(_ client: TestClient, _ content: String, purpose: String = "batch") async throws -> TestResponse {
        let boundary = "emulator-test-boundary"
        var body = ""
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n\(purpose)\r\n"
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"in.jsonl\"\r\n"
        body += "Content-Type: application/jsonl\r\n\r\n\(content)\r\n--\(boundary)--\r\n"
        return try await client.send(
            .POST, "/v1/files", body: Array(body.utf8),
            headers: [("content-type", "multipart/form-data; boundary=\(boundary)")]
        )
    }

    static func createBatch(_ client: TestClient, lines: [String], endpoint: String) async throws -> JSONValue {
        let file = try await upload(client, lines.joined(separator: "\n"))
        #expect(file.status == 200, "\(file.text)")
        let batch = try await client.post(
            "/v1/batches",
            ["input_file_id": .string(try file.json.string("id") ?? ""), "endpoint": .string(endpoint), "completion_window": "24h"]
        )
        #expect(batch.status == 200, "\(batch.text)")
        return try batch.json
    }

    static func wait(_ client: TestClient, _ id: String) async throws -> JSONValue {
        try await client.poll("/v1/batches/\(id)") {
            ["completed", "failed", "expired", "cancelled"].contains($0.string("status") ?? "")
        }
    }

    static func runBatch(_ client: TestClient, lines: [String], endpoint: String) async throws -> [JSONValue] {
        let created = try await createBatch(client, lines: lines, endpoint: endpoint)
        let done = try await wait(client, created.string("id") ?? "")
        #expect(done.string("status") == "completed", "\(done.serializedString())")
        guard let output = done.string("output_file_id") else { return [] }
        return try jsonLines(try await client.get("/v1/files/\(output)/content").body)
    }

    static func chat(system: String, user: String, key: String = "k") -> JSONValue {
        [
            "model": "gpt-5-mini", "max_completion_tokens": 8, "prompt_cache_key": .string(key),
            "messages": [["role": "system", "content": .string(system)], ["role": "user", "content": .string(user)]],
        ]
    }

    @Test("automatic caching starts at 1024 tokens and grows in 128-token steps, inside prompt_tokens")
    func prefixSteps() async throws {
        try await withRunningEmulator(testConfiguration(speedup: 20)) { emulator in
            let client = TestClient.openAI(emulator)
            for size in [900, 1100, 1300, 2000] {
                let body = Self.chat(system: filler(tokens: size, seed: size), user: "same")
                let first = try await client.post("/v1/chat/completions", body).json
                let second = try await client.post("/v1/chat/completions", body).json
                let prompt = try #require(second.int("usage.prompt_tokens"))
                let expected = prompt < 1024 ? 0 : 1024 + (prompt - 1024) / 128 * 128
                #expect(first.int("usage.prompt_tokens_details.cached_tokens") == 0)
                #expect(second.int("usage.prompt_tokens_details.cached_tokens") == expected, "prompt \(prompt)")
            }
            // Only the shared prefix counts: system (3 + n tokens) and the user role markers (3).
            let system = filler(tokens: 1400, seed: 99)
            _ = try await client.post("/v1/chat/completions", Self.chat(system: system, user: "first question"))
            let other = try await client.post("/v1/chat/completions", Self.chat(system: system, user: "another one")).json
            let shared = 3 + 1400 + 3
            #expect(other.int("usage.prompt_tokens_details.cached_tokens") == 1024 + (shared - 1024) / 128 * 128)
        }
    }

    @Test("flex bills at batch prices and reports service_tier flex; models without flex refuse it")
    func flexTier() async throws {
        try await withRunningEmulator(testConfiguration(speedup: 50)) { emulator in
            let client = TestClient.openAI(emulator)
            var body = Self.chat(system: "short", user: "q")
            if case .object(var object) = body {
                object["service_tier"] = "flex"
                body = .object(object)
            }
            let flex = try await client.post("/v1/chat/completions", body)
            #expect(flex.status == 200)
            #expect(try flex.json.string("service_tier") == "flex")
            let entry = try #require(emulator.ledger().entries.last)
            #expect(entry.mode == .flex)
            let expected = Double(entry.usage.inputTokens) * 0.125 / 1e6 + Double(entry.usage.outputTokens) * 1.00 / 1e6
            #expect(abs(entry.cost.total - expected) < 1e-12)
            if case .object(var object) = body {
                object["model"] = "gpt-4o"
                body = .object(object)
            }
            #expect(try await client.post("/v1/chat/completions", body).status == 400)
        }
    }

    @Test("a batch moves validating → in_progress → finalizing → completed with output lines per request")
    func batchLifecycle() async throws {
        try await withRunningEmulator(testConfiguration()) { emulator in
            let client = TestClient.openAI(emulator)
            let lines = (0..<5).map { index in
                """
                {"custom_id":"r\(index)","method":"POST","url":"/v1/embeddings","body":{"model":"text-embedding-3-small","input":["a\(index)","b"],"dimensions":256}}
                """
            }
            let created = try await Self.createBatch(client, lines: lines, endpoint: "/v1/embeddings")
            #expect(created.string("status") == "validating")
            #expect(created.int("expires_at") == (created.int("created_at") ?? 0) + 86400)
            let done = try await Self.wait(client, created.string("id") ?? "")
            #expect(done.string("status") == "completed")
            #expect(done.int("request_counts.total") == 5 && done.int("request_counts.completed") == 5)
            #expect(done.at("error_file_id")?.isNull == true)
            for key in ["in_progress_at", "finalizing_at", "completed_at"] { #expect(done.int(key) != nil) }
            let output = try jsonLines(try await client.get("/v1/files/\(done.string("output_file_id") ?? "")/content").body)
            #expect(Set(output.compactMap { $0.string("custom_id") }) == Set((0..<5).map { "r\($0)" }))
            let vector = try #require(output.first?.at("response.body.data.0.embedding")?.arrayValue)
            #expect(vector.count == 256)
            let norm = vector.compactMap(\.doubleValue).reduce(0) { $0 + $1 * $1 }
            #expect(abs(norm - 1) < 1e-4)
            #expect(output.allSatisfy { $0.int("response.status_code") == 200 })
            // Listing: newest first, `after` pages.
            let list = try await client.get("/v1/batches?limit=1").json
            #expect(list.string("data.0.id") == done.string("id"))
        }
    }

    @Test("input validation: JSONL refused at upload, mixed models fail the batch with the line")
    func inputValidation() async throws {
        try await withRunningEmulator(testConfiguration()) { emulator in
            let client = TestClient.openAI(emulator)
            let bad = try await Self.upload(client, "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{}}\nnot json")
            #expect(bad.status == 400)
            #expect(try bad.json.string("error.message")?.contains("Line 2") == true)
            let lines = ["gpt-4o-mini", "gpt-5-mini"].enumerated().map { index, model in
                "{\"custom_id\":\"c\(index)\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"\(model)\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}}"
            }
            let created = try await Self.createBatch(client, lines: lines, endpoint: "/v1/chat/completions")
            let failed = try await Self.wait(client, created.string("id") ?? "")
            #expect(failed.string("status") == "failed")
            #expect(failed.string("errors.data.0.code") == "mismatched_model")
            #expect(failed.int("errors.data.0.line") == 2)
            let duplicate = ["d", "d"].map {
                "{\"custom_id\":\"\($0)\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}}"
            }
            let dup = try await Self.wait(client, try await Self.createBatch(client, lines: duplicate, endpoint: "/v1/chat/completions").string("id") ?? "")
            #expect(dup.string("errors.data.0.code") == "duplicate_custom_id")
            let window = try await client.post(
                "/v1/batches", ["input_file_id": "file-x", "endpoint": "/v1/chat/completions", "completion_window": "1h"]
            )
            #expect(window.status == 400)
            #expect(try window.json.string("error.param") == "completion_window")
        }
    }

    @Test("errors: 401 without a key, 404 model_not_found, limits on max_tokens")
    func errors() async throws {
        try await withRunningEmulator(testConfiguration()) { emulator in
            let anonymous = TestClient(baseURL: emulator.baseURL, headers: [])
            let missing = try await anonymous.post("/v1/chat/completions", Self.chat(system: "s", user: "u"))
            #expect(missing.status == 401)
            #expect(try missing.json.string("error.message")?.hasPrefix("You didn't provide an API key") == true)
            #expect(missing.header("x-request-id") != nil)
            let client = TestClient.openAI(emulator)
            let unknown = try await client.post(
                "/v1/chat/completions", ["model": "gpt-nope", "messages": [["role": "user", "content": "x"]]]
            )
            #expect(unknown.status == 404)
            #expect(try unknown.json.string("error.code") == "model_not_found")
            let tooLong = try await client.post(
                "/v1/chat/completions",
                ["model": "gpt-4o", "max_tokens": 100000, "messages": [["role": "user", "content": "x"]]]
            )
            #expect(tooLong.status == 400)
            #expect(try tooLong.json.string("error.param") == "max_tokens")
        }
    }
}
