import Foundation
import Testing

@testable import Emulator

/// Message Batches lifecycle, limits and error shapes (providers.md §1.1–1.3, §1.7).
@Suite("Anthropic batches and errors", .timeLimit(.minutes(1)))
struct AnthropicBatchTests {
    static func item(_ id: String, maxTokens: Int = 32, model: String = "claude-sonnet-4-5") -> JSONValue {
        [
            "custom_id": .string(id),
            "params": ["model": .string(model), "max_tokens": .int(maxTokens), "messages": [["role": "user", "content": .string("about \(id)")]]],
        ]
    }

    @Test("authentication: x-api-key or Bearer; 401 body with request-id; configured keys enforced")
    func authentication() async throws {
        try await withRunningEmulator(testConfiguration { $0.apiKeys = ["good"] }) { emulator in
            let body: JSONValue = ["model": "claude-sonnet-4-5", "max_tokens": 8, "messages": [["role": "user", "content": "x"]]]
            let none = try await TestClient(baseURL: emulator.baseURL, headers: []).post("/v1/messages", body)
            #expect(none.status == 401)
            let json = try none.json
            #expect(json.string("type") == "error" && json.string("error.type") == "authentication_error")
            #expect(none.header("request-id") == json.string("request_id"))
            let wrong = try await TestClient.anthropic(emulator, key: "bad").post("/v1/messages", body)
            #expect(wrong.status == 401)
            let bearer = try await TestClient(
                baseURL: emulator.baseURL, headers: [("authorization", "Bearer good"), ("anthropic-version", "2026-10-21")]
            ).post("/v1/messages", body)
            #expect(bearer.status == 200)
            let badVersion = try await TestClient(
                baseURL: emulator.baseURL, headers: [("x-api-key", "good"), ("anthropic-version", "latest")]
            ).post("/v1/messages", body)
            #expect(badVersion.status == 400)
        }
    }

    @Test("models: unknown and retired are 404 not_found_error; max_tokens above the limit is 400")
    func modelErrors() async throws {
        try await withRunningEmulator(testConfiguration()) { emulator in
            let client = TestClient.anthropic(emulator)
            for model in ["claude-nope", "claude-3-5-haiku"] {
                let response = try await client.post(
                    "/v1/messages", ["model": .string(model), "max_tokens": 8, "messages": [["role": "user", "content": "x"]]]
                )
                #expect(response.status == 404)
                #expect(try response.json.string("error.type") == "not_found_error")
            }
            let tooMany = try await client.post(
                "/v1/messages", ["model": "claude-haiku-4-5", "max_tokens": 64001, "messages": [["role": "user", "content": "x"]]]
            )
            #expect(tooMany.status == 400)
        }
    }

    @Test("batch creation limits: custom_id pattern and uniqueness, batch-only params, 100,000 requests")
    func creationLimits() async throws {
        try await withRunningEmulator(testConfiguration()) { emulator in
            let client = TestClient.anthropic(emulator)
            func create(_ requests: [JSONValue]) async throws -> TestResponse {
                try await client.post("/v1/messages/batches", ["requests": .array(requests)])
            }
            let badID = try await create([Self.item("not valid!")])
            #expect(badID.status == 400)
            #expect(try badID.json.string("error.message")?.contains("custom_id") == true)
            #expect(try await create([Self.item(String(repeating: "a", count: 65))]).status == 400)
            #expect(try await create([Self.item("same"), Self.item("same")]).status == 400)
            #expect(try await create([Self.item("zero", maxTokens: 0)]).status == 400)
            var streaming = Self.item("s")
            if case .object(var object) = streaming, case .object(var params)? = object["params"] {
                params["stream"] = true
                object["params"] = .object(params)
                streaming = .object(object)
            }
            #expect(try await create([streaming]).status == 400)
            var text = "{\"requests\":["
            for index in 0...100_000 {
                if index > 0 { text += "," }
                text += "{\"custom_id\":\"r\(index)\",\"params\":{\"model\":\"m\",\"max_tokens\":1,\"messages\":[]}}"
            }
            text += "]}"
            let over = try await client.send(
                .POST, "/v1/messages/batches", body: Array(text.utf8), headers: [("content-type", "application/json")]
            )
            #expect(over.status == 400)
            #expect(try over.json.string("error.message")?.contains("100000") == true)
            // Unknown models are a per-request error, not a refused batch.
            let created = try await create([Self.item("ok"), Self.item("bad-model", model: "claude-nope")])
            #expect(created.status == 200)
            let id = try created.json.string("id") ?? ""
            _ = try await client.poll("/v1/messages/batches/\(id)") { $0.string("processing_status") == "ended" }
            let lines = try jsonLines(try await client.get("/v1/messages/batches/\(id)/results").body)
            let bad = lines.first { $0.string("custom_id") == "bad-model" }
            #expect(bad?.string("result.type") == "errored")
            #expect(bad?.string("result.error.error.type") == "not_found_error")
        }
    }

    @Test("counts stay zero but processing until the end; list pages newest first; delete only when ended")
    func lifecycleAndList() async throws {
        // Real-time clock and one worker: the first item (25 emulated s) is in flight when the cancel
        // arrives, the second is queued; advancing the clock then lets the first finish at once.
        let configuration = testConfiguration(speedup: 1, workers: 1) { $0.outputLength = .maxTokens }
        try await withRunningEmulator(configuration) { emulator in
            let client = TestClient.anthropic(emulator)
            let slow = try await client.post(
                "/v1/messages/batches", ["requests": [Self.item("a", maxTokens: 2000), Self.item("b", maxTokens: 2000)]]
            ).json
            let slowID = try #require(slow.string("id"))
            #expect(slow.string("processing_status") == "in_progress")
            #expect(slow.int("request_counts.processing") == 2 && slow.int("request_counts.succeeded") == 0)
            #expect(slow.at("results_url")?.isNull == true)
            #expect(try await client.get("/v1/messages/batches/\(slowID)/results").status == 404)
            let deleteEarly = try await client.send(.DELETE, "/v1/messages/batches/\(slowID)")
            #expect(deleteEarly.status == 400)
            var ids = [slowID]
            for index in 0..<2 {
                ids.append(try await client.post("/v1/messages/batches", ["requests": [Self.item("x\(index)")]]).json.string("id") ?? "")
            }
            let page = try await client.get("/v1/messages/batches?limit=2").json
            #expect(page.at("data")?.arrayValue?.compactMap { $0.string("id") } == [ids[2], ids[1]])
            #expect(page.at("has_more")?.boolValue == true)
            let next = try await client.get("/v1/messages/batches?limit=2&after_id=\(page.string("last_id") ?? "")").json
            #expect(next.string("data.0.id") == ids[0])
            #expect(next.at("has_more")?.boolValue == false)
            let back = try await client.get("/v1/messages/batches?limit=2&before_id=\(ids[0])").json
            #expect(back.at("data")?.arrayValue?.compactMap { $0.string("id") } == [ids[2], ids[1]])

            let canceled = try await client.post("/v1/messages/batches/\(slowID)/cancel", [:]).json
            #expect(canceled.string("processing_status") == "canceling")
            #expect(canceled.string("cancel_initiated_at") != nil)
            emulator.clock.advance(by: 60)
            let ended = try await client.poll("/v1/messages/batches/\(slowID)") { $0.string("processing_status") == "ended" }
            // The item in flight finishes; the queued one is canceled.
            #expect(ended.int("request_counts.succeeded") == 1 && ended.int("request_counts.canceled") == 1)
            let lines = try jsonLines(try await client.get("/v1/messages/batches/\(slowID)/results").body)
            #expect(Set(lines.compactMap { $0.string("result.type") }) == ["succeeded", "canceled"])
            let deleted = try await client.send(.DELETE, "/v1/messages/batches/\(slowID)")
            #expect(try deleted.json.string("type") == "message_batch_deleted")
            #expect(try await client.get("/v1/messages/batches/\(slowID)").status == 404)
        }
    }

    @Test("a batch not processed within 24 h ends with every request expired and nothing billed")
    func expiry() async throws {
        // 24 h pass in 4.3 s; 29 days (when results are archived and the results URL answers
        // 404) take two minutes. At 1,000,000x they took 2.5 s, which a loaded CI machine spent
        // between the batch ending and the results request.
        let configuration = testConfiguration(speedup: 20_000) { $0.batchQueueDelay = 72 * 3600 }
        try await withRunningEmulator(configuration) { emulator in
            let client = TestClient.anthropic(emulator)
            let created = try await client.post("/v1/messages/batches", ["requests": [Self.item("e1"), Self.item("e2")]]).json
            let id = try #require(created.string("id"))
            let ended = try await client.poll("/v1/messages/batches/\(id)") { $0.string("processing_status") == "ended" }
            #expect(ended.int("request_counts.expired") == 2)
            let lines = try jsonLines(try await client.get("/v1/messages/batches/\(id)/results").body)
            #expect(lines.allSatisfy { $0.string("result.type") == "expired" })
            #expect(emulator.ledger().entries.isEmpty)
        }
    }

    @Test("a ~6 MB result file of max-length outputs streams from disk")
    func largeResults() async throws {
        // 20,000x: the 24-hour window lasts 4.3 real seconds, time enough to write 6 MB on a loaded machine.
        let configuration = testConfiguration(speedup: 20_000) { $0.outputLength = .maxTokens }
        try await withRunningEmulator(configuration) { emulator in
            let client = TestClient.anthropic(emulator)
            let requests = (0..<20).map { Self.item("big-\($0)", maxTokens: 64000, model: "claude-haiku-4-5") }
            let id = try await client.post("/v1/messages/batches", ["requests": .array(requests)]).json.string("id") ?? ""
            _ = try await client.poll("/v1/messages/batches/\(id)") { $0.string("processing_status") == "ended" }
            let results = try await client.get("/v1/messages/batches/\(id)/results")
            #expect(results.body.count > 5_000_000)
            let lines = try jsonLines(results.body)
            #expect(lines.count == 20)
            #expect(lines.allSatisfy { $0.int("result.message.usage.output_tokens") == 64000 })
            #expect(lines.allSatisfy { $0.string("result.message.stop_reason") == "max_tokens" })
            let text = try #require(lines.first?.string("result.message.content.0.text"))
            #expect(EmulatorTokenizer.count(text) == 64000)
        }
    }
}
