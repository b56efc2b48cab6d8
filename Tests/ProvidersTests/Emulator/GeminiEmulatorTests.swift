import Emulator
import Foundation
@testable import Providers
import Testing

@Suite("Gemini client against the emulator", .timeLimit(.minutes(1)))
struct GeminiEmulatorTests {
    static let system = "You label legal documents. " + prose(3000)

    static func request(_ id: String, model: String = "gemini-2.5-flash", maxTokens: Int = 64) -> LLMRequest {
        .chat(
            customID: id,
            model: model,
            system: [.text(Self.system)],
            messages: [.user("Document \(id): " + prose(30, seed: id.count))],
            parameters: GenerationParameters(maxTokens: maxTokens)
        )
    }

    @Test func realtimeGenerateEmbedAndCountTokens() async throws {
        try await EmulatorHarness.run { harness in
            let client = try harness.gemini()
            let request = Self.request("rt")
            let counted = try await client.countTokens(request)
            #expect(counted > 3000)
            let response = try await client.send(request)
            #expect(response.text?.isEmpty == false)
            #expect(response.stopReason != nil)
            #expect(response.usage.totalInputTokens == counted)
            let embedded = try await client.send(.embedding(customID: "e", model: "gemini-embedding-001", input: ["one", "two", "three"]))
            #expect(embedded.embeddings?.count == 3)
            #expect(embedded.embeddings?.allSatisfy { $0.count == 3072 } == true)
            var shorter = LLMRequest.embedding(customID: "e2", model: "models/gemini-embedding-001", input: ["one"])
            shorter.dimensions = 768
            #expect(try await client.send(shorter).embeddings?.first?.count == 768)
        }
    }

    @Test func cachedContentsCreateUseUpdateListDelete() async throws {
        // A slower clock so the cache's TTL is measured in seconds of wall time.
        try await EmulatorHarness.run(EmulatorHarness.emulatorConfiguration(speedup: 100)) { harness in
            let client = try harness.gemini()
            let cache = try await client.createCachedContent(
                model: "gemini-2.5-flash",
                system: [.text(Self.system)],
                ttl: .seconds(3600),
                displayName: "legal-prefix"
            )
            #expect(cache.name.hasPrefix("cachedContents/"))
            #expect((cache.totalTokenCount ?? 0) > 3000)
            let expiry = try #require(cache.expireTime)

            var request = LLMRequest.chat(customID: "c", model: "gemini-2.5-flash", messages: [.user("Label: " + prose(20))])
            request.cachedContent = cache.name
            let response = try await client.send(request)
            #expect(response.usage.cacheReadInputTokens == cache.totalTokenCount)
            #expect(response.usage.inputTokens > 0)

            let fetched = try await client.getCachedContent(name: cache.name)
            #expect(fetched.name == cache.name)
            let updated = try await client.updateCachedContent(name: cache.name, ttl: .seconds(7200))
            #expect(try #require(updated.expireTime) > expiry)
            let listed = try await client.listCachedContents()
            #expect(listed.entries.contains { $0.name == cache.name })
            try await client.deleteCachedContent(name: cache.name)
            await #expect(throws: ProviderError.self) { try await client.getCachedContent(name: cache.name) }

            var conflicting = request
            conflicting.system = [.text("again")]
            await #expect { try await client.send(conflicting) } throws: { ($0 as? ProviderError)?.isInvalidRequest == true }
        }
    }

    @Test func inlineBatchLifecycleFindListDelete() async throws {
        try await EmulatorHarness.run { harness in
            let client = try harness.gemini()
            let requests = (0..<10).map { Self.request("g-\($0)") }
            let preparation = client.prepareBatches(requests)
            let batch = try #require(preparation.batches.first)
            guard case .geminiInline = batch.payload else { Issue.record("expected inline"); return }
            let marker = BatchMarker(label: "intent-g", notBefore: Date(), requestCount: batch.requestCount)
            let created = try await client.createBatch(batch, marker: marker)
            #expect(created.id.hasPrefix("batches/"))
            #expect(created.label == "intent-g")
            #expect(try await client.findBatches(marker: marker).map(\.id) == [created.id])
            let ended = try await waitForEnd(client, id: created.id)
            #expect(ended.state == .completed)
            #expect(ended.providerStatus == "BATCH_STATE_SUCCEEDED")
            #expect(ended.counts.succeeded == 10)
            let items = try await collect(try client.results(of: ended))
            #expect(Set(items.map(\.customID)) == Set(requests.map(\.customID)))
            #expect(items.allSatisfy { $0.response?.text?.isEmpty == false })
            let page = try await client.listBatches(limit: 10, after: nil)
            #expect(page.batches.contains { $0.id == created.id })
            try await client.deleteBatch(id: created.id)
            let afterDelete = try await client.listBatches(limit: 10, after: nil)
            #expect(!afterDelete.batches.contains { $0.id == created.id })
        }
    }

    @Test func fileModeBatchWithJobStateVocabulary() async throws {
        let configuration = EmulatorHarness.emulatorConfiguration { $0.geminiStateStyle = .jobState }
        try await EmulatorHarness.run(configuration) { harness in
            let client = try harness.gemini(inputMode: .file)
            let requests = (0..<8).map { Self.request("f-\($0)") }
            let batch = try #require(client.prepareBatches(requests).batches.first)
            guard case .geminiFile = batch.payload else { Issue.record("expected file mode"); return }
            let (ended, items) = try await runBatch(client, batch, label: "file-mode")
            #expect(ended.providerStatus == "JOB_STATE_SUCCEEDED")
            #expect(ended.state == .completed)
            #expect(Set(items.map(\.customID)) == Set(requests.map(\.customID)))
            #expect(items.allSatisfy { $0.response != nil })
        }
    }

    @Test func batchEmbeddings() async throws {
        try await EmulatorHarness.run { harness in
            let client = try harness.gemini()
            let requests = (0..<5).map { LLMRequest.embedding(customID: "e-\($0)", model: "gemini-embedding-001", input: ["text number \($0)"]) }
            let batch = try #require(client.prepareBatches(requests).batches.first)
            #expect(batch.kind == .embedding)
            let (ended, items) = try await runBatch(client, batch, label: "emb")
            #expect(ended.state == .completed)
            #expect(Set(items.map(\.customID)) == Set(requests.map(\.customID)))
            #expect(items.allSatisfy { $0.response?.embeddings?.first?.count == 3072 })
        }
    }

    @Test func failedBatchErroredItemsAndExpiredJob() async throws {
        var faults = EmulatorFaults()
        faults.itemErrorRate = 0.3
        faults.itemExpiryRate = 0.2
        try await EmulatorHarness.run(EmulatorHarness.emulatorConfiguration(faults: faults)) { harness in
            let client = try harness.gemini()
            let batch = try #require(client.prepareBatches((0..<30).map { Self.request("x\($0)") }).batches.first)
            let (ended, items) = try await runBatch(client, batch, label: "item-faults")
            #expect(items.count == 30)
            let errors = items.compactMap { item -> ItemError? in
                if case .errored(let error) = item.outcome { return error }
                return nil
            }
            #expect(!errors.isEmpty)
            #expect(ended.counts.errored == errors.count)
            #expect(errors.allSatisfy { $0.isRetriable }, "INTERNAL and DEADLINE_EXCEEDED are transient")

            var failing = EmulatorFaults()
            failing.batchFailureRate = 1
            harness.emulator.setFaults(failing)
            let failedBatch = try #require(client.prepareBatches([Self.request("y")]).batches.first)
            let created = try await client.createBatch(failedBatch, marker: BatchMarker(label: "fail", notBefore: Date(), requestCount: 1))
            let failed = try await waitForEnd(client, id: created.id)
            #expect(failed.state == .failed)
            let failure = try #require(failed.failure)
            #expect(failure.errorType == "RESOURCE_EXHAUSTED")
            #expect(failure.category == .queueFull)
            #expect(!failed.hasResults)
        }

        // A job still pending after 48 emulated hours expires with no results.
        let expiring = EmulatorHarness.emulatorConfiguration(speedup: 2_000_000) { $0.batchQueueDelay = 400_000 }
        try await EmulatorHarness.run(expiring) { harness in
            let client = try harness.gemini()
            let batch = try #require(client.prepareBatches([Self.request("z")]).batches.first)
            let created = try await client.createBatch(batch, marker: BatchMarker(label: "exp", notBefore: Date(), requestCount: 1))
            let ended = try await waitForEnd(client, id: created.id)
            #expect(ended.state == .expired)
            #expect(!ended.hasResults)
            #expect { try client.results(of: ended) } throws: { ($0 as? ProviderError)?.isNoResults == true }
        }
    }

    @Test func transientFaultsAreRetried() async throws {
        var faults = EmulatorFaults()
        faults.rateLimitRate = 0.3
        faults.unavailableRate = 0.2
        faults.serverErrorRate = 0.1
        faults.retryAfterSeconds = 0.02
        faults.pathPrefixes = ["/v1beta/models", "/v1beta/batches"]
        try await EmulatorHarness.run(EmulatorHarness.emulatorConfiguration(faults: faults)) { harness in
            let client = try harness.gemini()
            for index in 0..<5 {
                #expect(try await client.send(Self.request("t\(index)")).text?.isEmpty == false)
            }
            let batch = try #require(client.prepareBatches([Self.request("tb")]).batches.first)
            // Creation is a single attempt: a transient refusal is the caller's to retry.
            var created: BatchSnapshot?
            for _ in 0..<10 where created == nil {
                do {
                    created = try await client.createBatch(batch, marker: BatchMarker(label: "tb", notBefore: Date(), requestCount: 1))
                } catch let error as ProviderError where error.isRetriable {
                    continue
                }
            }
            let ended = try await waitForEnd(client, id: try #require(created).id)
            #expect(try await collect(try client.results(of: ended)).count == 1)
            let retried = harness.logs.all.filter { $0.contains("retrying provider call") }
            #expect(retried.contains { $0.contains("429") })
            #expect(retried.contains { $0.contains("503") || $0.contains("500") })
        }
    }

    @Test func cancelAndCutDownloads() async throws {
        let configuration = EmulatorHarness.emulatorConfiguration(speedup: 20, workers: 1)
        try await EmulatorHarness.run(configuration) { harness in
            let client = try harness.gemini(inputMode: .file)
            let batch = try #require(client.prepareBatches((0..<30).map { Self.request("c\($0)", maxTokens: 300) }).batches.first)
            let created = try await client.createBatch(batch, marker: BatchMarker(label: "cancel", notBefore: Date(), requestCount: 30))
            try await Task.sleep(for: .milliseconds(300))
            _ = try await client.cancelBatch(id: created.id)
            let ended = try await waitForEnd(client, id: created.id)
            #expect(ended.state == .canceled)
            // A cancelled job keeps the responses of the requests that ran.
            #expect(ended.hasResults)
            let clean = try await collect(try client.results(of: ended))
            #expect(!clean.isEmpty && clean.count < 30)
            var faults = EmulatorFaults()
            faults.downloadCutoffRate = 0.6
            harness.emulator.setFaults(faults)
            for _ in 0..<4 {
                #expect(try await collect(try client.results(of: ended)) == clean)
            }
            #expect(harness.logs.all.contains { $0.contains("restarting cut result download") })
        }
    }
}
