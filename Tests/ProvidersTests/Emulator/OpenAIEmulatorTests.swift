import Emulator
import Foundation
import Providers
import Testing

@Suite("OpenAI client against the emulator", .timeLimit(.minutes(1)))
struct OpenAIEmulatorTests {
    static func request(_ id: String, model: String = "gpt-4o-mini", words: Int = 30, maxTokens: Int = 64) -> LLMRequest {
        var request = LLMRequest.chat(
            customID: id,
            model: model,
            system: [.text("You label legal documents. " + prose(1600))],
            messages: [.user("Document \(id): " + prose(words, seed: id.count))],
            parameters: GenerationParameters(maxTokens: maxTokens)
        )
        request.promptCacheKey = "tenant-a"
        return request
    }

    @Test func realtimeChatFlexAndEmbeddings() async throws {
        // In-memory retention is about 5 emulated minutes: keep the clock slow enough for two calls.
        try await EmulatorHarness.run(EmulatorHarness.emulatorConfiguration(speedup: 100)) { harness in
            let client = try harness.openAI()
            let first = try await client.send(Self.request("rt", model: "gpt-5-mini"), options: .standard)
            #expect(first.text?.isEmpty == false)
            let second = try await client.send(Self.request("rt", model: "gpt-5-mini"), options: .flex)
            #expect(second.text?.isEmpty == false)
            // Automatic prefix caching: the second call reads the shared prefix, and the
            // normalized usage takes cached tokens out of the prompt count.
            #expect(second.usage.cacheReadInputTokens >= 1024)
            #expect(second.usage.totalInputTokens == first.usage.totalInputTokens)
            #expect(second.usage.inputTokens == first.usage.totalInputTokens - second.usage.cacheReadInputTokens)

            let embedded = try await client.send(.embedding(customID: "e", model: "text-embedding-3-small", input: ["alpha", "beta gamma"]))
            let vectors = try #require(embedded.embeddings)
            #expect(vectors.count == 2)
            #expect(vectors.allSatisfy { $0.count == 1536 })
            #expect(embedded.usage.inputTokens > 0 && embedded.usage.outputTokens == 0)

            await #expect { try await client.send(Self.request("m", model: "gpt-nonexistent")) } throws: { error in
                guard let error = error as? ProviderError else { return false }
                return error.httpStatus == 404 && error.category == .fixRequest && !error.isRetriable
            }
        }
    }

    @Test func batchLifecycleWithFilesMetadataAndFind() async throws {
        try await EmulatorHarness.run { harness in
            let client = try harness.openAI()
            var requests = (0..<10).map { Self.request("chat-\($0)") }
            requests += (0..<3).map { LLMRequest.embedding(customID: "emb-\($0)", model: "text-embedding-3-small", input: ["text \($0)", "more \($0)"]) }
            let preparation = client.prepareBatches(requests)
            #expect(preparation.rejected.isEmpty)
            #expect(preparation.batches.count == 2)
            let notBefore = Date()
            var all: [BatchItemResult] = []
            for (index, batch) in preparation.batches.enumerated() {
                let marker = BatchMarker(label: "intent-\(index)", notBefore: notBefore, requestCount: batch.requestCount)
                let created = try await client.createBatch(batch, marker: marker)
                #expect(created.label == marker.label)
                #expect(created.state == .pending || created.state == .running)
                let found = try await client.findBatches(marker: marker)
                #expect(found.map(\.id) == [created.id])
                let ended = try await waitForEnd(client, id: created.id)
                #expect(ended.state == .completed)
                #expect(ended.counts.succeeded == batch.requestCount)
                all += try await collect(try client.results(of: ended))
            }
            #expect(Set(all.map(\.customID)) == Set(requests.map(\.customID)))
            for item in all where item.customID.hasPrefix("emb-") {
                #expect(item.response?.embeddings?.count == 2)
            }
            for item in all where item.customID.hasPrefix("chat-") {
                #expect(item.response?.text?.isEmpty == false)
            }
            let page = try await client.listBatches(limit: 1, after: nil)
            #expect(page.batches.count == 1)
            #expect(page.nextCursor != nil)
            let next = try await client.listBatches(limit: 10, after: page.nextCursor)
            #expect(next.batches.count == 1)
            #expect(next.batches[0].id != page.batches[0].id)
        }
    }

    @Test func enqueuedTokenLimitFailsTheBatchAsQueueFull() async throws {
        let configuration = EmulatorHarness.emulatorConfiguration { $0.openAIEnqueuedTokenLimit = 1_000 }
        try await EmulatorHarness.run(configuration) { harness in
            let client = try harness.openAI()
            let batch = try #require(client.prepareBatches((0..<5).map { Self.request("t\($0)") }).batches.first)
            let created = try await client.createBatch(batch, marker: BatchMarker(label: "tl", notBefore: Date(), requestCount: 5))
            let ended = try await waitForEnd(client, id: created.id)
            #expect(ended.state == .failed)
            let failure = try #require(ended.failure)
            #expect(failure.isBatchFailure)
            #expect(failure.errorType == "token_limit_exceeded")
            #expect(failure.category == .queueFull && failure.isRetriable)
            #expect(throws: ProviderError.self) { try client.results(of: ended) }
        }
    }

    @Test func erroredAndExpiredItemsComeFromTheErrorFile() async throws {
        var faults = EmulatorFaults()
        faults.itemErrorRate = 0.3
        faults.itemExpiryRate = 0.2
        try await EmulatorHarness.run(EmulatorHarness.emulatorConfiguration(faults: faults)) { harness in
            let client = try harness.openAI()
            let batch = try #require(client.prepareBatches((0..<40).map { Self.request("f\($0)") }).batches.first)
            let (ended, items) = try await runBatch(client, batch, label: "faults")
            #expect(items.count == 40)
            #expect(Set(items.map(\.customID)).count == 40)
            let errored = items.filter { if case .errored = $0.outcome { true } else { false } }
            let expired = items.filter { $0.outcome == .expired }
            #expect(!errored.isEmpty)
            #expect(!expired.isEmpty)
            #expect(ended.counts.succeeded == items.filter { $0.response != nil }.count)
        }
    }

    @Test func cancelLeavesPartialResults() async throws {
        let configuration = EmulatorHarness.emulatorConfiguration(speedup: 20, workers: 1)
        try await EmulatorHarness.run(configuration) { harness in
            let client = try harness.openAI()
            let batch = try #require(client.prepareBatches((0..<30).map { Self.request("c\($0)", maxTokens: 400) }).batches.first)
            let created = try await client.createBatch(batch, marker: BatchMarker(label: "cancel", notBefore: Date(), requestCount: 30))
            try await Task.sleep(for: .milliseconds(200))
            let canceling = try await client.cancelBatch(id: created.id)
            #expect(canceling.state == .canceling || canceling.state == .canceled)
            let ended = try await waitForEnd(client, id: created.id)
            #expect(ended.state == .canceled)
            if ended.hasResults {
                let items = try await collect(try client.results(of: ended))
                #expect(items.count <= 30)
                #expect(items.filter { $0.response != nil }.count == ended.counts.succeeded)
            }
        }
    }

    @Test func transientFaultsOnUploadAndPollingAreRetried() async throws {
        var faults = EmulatorFaults()
        faults.serverErrorRate = 0.2
        faults.unavailableRate = 0.2
        faults.rateLimitRate = 0.1
        faults.retryAfterSeconds = 0.02
        faults.pathPrefixes = ["/v1/files", "/v1/chat"]
        try await EmulatorHarness.run(EmulatorHarness.emulatorConfiguration(faults: faults)) { harness in
            let client = try harness.openAI()
            for index in 0..<4 {
                let batch = try #require(client.prepareBatches([Self.request("u\(index)")]).batches.first)
                let (ended, items) = try await runBatch(client, batch, label: "u\(index)")
                #expect(ended.state == .completed)
                #expect(items.count == 1)
            }
            #expect(harness.logs.all.contains { $0.contains("retrying provider call") })
        }
    }
}
