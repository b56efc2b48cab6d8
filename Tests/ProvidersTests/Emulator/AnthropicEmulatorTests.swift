import AsyncHTTPClient
import Emulator
import Foundation
import NIOCore
import Providers
import Testing

@Suite("Anthropic client against the emulator", .timeLimit(.minutes(1)))
struct AnthropicEmulatorTests {
    static func request(_ id: String, words: Int = 40, maxTokens: Int = 64, cache: CacheMark? = nil, model: String = "claude-sonnet-4-5") -> LLMRequest {
        .chat(
            customID: id,
            model: model,
            system: [.text("You label legal documents. " + prose(1500), cache: cache)],
            messages: [.user("Document \(id): " + prose(words, seed: id.count))],
            parameters: GenerationParameters(maxTokens: maxTokens)
        )
    }

    @Test func realtimeMessageAndCountTokens() async throws {
        // A slower clock so the 1h entry (36 s here) outlives both calls on a loaded machine.
        try await EmulatorHarness.run(EmulatorHarness.emulatorConfiguration(speedup: 100)) { harness in
            let client = try harness.anthropic()
            let request = Self.request("rt", cache: .oneHour)
            let counted = try await client.countTokens(request)
            #expect(counted > 1500)
            let first = try await client.send(request, options: .standard)
            #expect(first.text?.isEmpty == false)
            #expect(first.stopReason != nil)
            // The cold call writes the 1h prefix; the warm one reads it.
            #expect(first.usage.cacheWriteInputTokens > 0)
            #expect(first.usage.cacheWriteSplit?.oneHour == first.usage.cacheWriteInputTokens)
            let second = try await client.send(request, options: .standard)
            #expect(second.usage.cacheReadInputTokens == first.usage.cacheWriteInputTokens)
            #expect(second.usage.cacheWriteInputTokens == 0)
            // Normalization: every prompt token counted once, in line with count_tokens.
            #expect(second.usage.totalInputTokens == first.usage.totalInputTokens)
            #expect(abs(second.usage.totalInputTokens - counted) <= 16)
        }
    }

    @Test func batchLifecycleCreatePollResultsListFindDelete() async throws {
        try await EmulatorHarness.run { harness in
            let client = try harness.anthropic()
            let requests = (0..<12).map { Self.request("doc-\($0)", cache: .oneHour) }
            let preparation = client.prepareBatches(requests)
            #expect(preparation.rejected.isEmpty)
            let batch = try #require(preparation.batches.first)
            let notBefore = Date()
            let marker = BatchMarker(label: "intent-1", notBefore: notBefore, requestCount: batch.requestCount)
            let created = try await client.createBatch(batch, marker: marker)
            #expect(created.id.hasPrefix("msgbatch_"))
            #expect(created.state == .running)
            #expect(!created.hasResults)
            #expect(created.counts.processing == 12)

            let found = try await client.findBatches(marker: marker)
            #expect(found.map(\.id) == [created.id])
            let wrongCount = try await client.findBatches(marker: BatchMarker(label: "x", notBefore: notBefore, requestCount: 11))
            #expect(wrongCount.isEmpty)

            let ended = try await waitForEnd(client, id: created.id)
            #expect(ended.state == .completed)
            #expect(ended.counts.succeeded == 12)
            let items = try await collect(try client.results(of: ended))
            #expect(Set(items.map(\.customID)) == Set(requests.map(\.customID)))
            #expect(items.allSatisfy { $0.response?.text?.isEmpty == false })
            let usage = items.compactMap(\.response?.usage).reduce(TokenUsage.zero, +)
            #expect(usage.cacheWriteInputTokens + usage.cacheReadInputTokens > 0, "1h breakpoints are written or read")
            #expect(usage.inputTokens > 0 && usage.outputTokens > 0)

            let page = try await client.listBatches(limit: 10, after: nil)
            #expect(page.batches.contains { $0.id == created.id })
            try await client.deleteBatch(id: created.id)
            await #expect(throws: ProviderError.self) { try await client.retrieveBatch(id: created.id) }
        }
    }

    @Test func cancelEndsWithCanceledItems() async throws {
        // A slow emulator (one worker, real-ish time) so most items are still queued when canceled.
        let configuration = EmulatorHarness.emulatorConfiguration(speedup: 20, workers: 1)
        try await EmulatorHarness.run(configuration) { harness in
            let client = try harness.anthropic()
            let preparation = client.prepareBatches((0..<30).map { Self.request("c\($0)", maxTokens: 400) })
            let batch = try #require(preparation.batches.first)
            let created = try await client.createBatch(batch, marker: BatchMarker(label: "cancel", notBefore: Date(), requestCount: 30))
            let canceling = try await client.cancelBatch(id: created.id)
            #expect(canceling.state == .canceling || canceling.state == .completed)
            let ended = try await waitForEnd(client, id: created.id)
            #expect(ended.state == .completed)
            let items = try await collect(try client.results(of: ended))
            #expect(items.count == 30)
            let canceled = items.filter { $0.outcome == .canceled }.count
            #expect(canceled > 0)
            #expect(ended.counts.canceled == canceled)
        }
    }

    @Test func erroredAndExpiredItemsAreClassified() async throws {
        var faults = EmulatorFaults()
        faults.itemErrorRate = 0.3
        faults.itemExpiryRate = 0.2
        try await EmulatorHarness.run(EmulatorHarness.emulatorConfiguration(faults: faults)) { harness in
            let client = try harness.anthropic()
            let batch = try #require(client.prepareBatches((0..<40).map { Self.request("f\($0)") }).batches.first)
            let (ended, items) = try await runBatch(client, batch, label: "faults")
            #expect(items.count == 40)
            let errored = items.compactMap { item -> ItemError? in
                if case .errored(let error) = item.outcome { return error }
                return nil
            }
            let expired = items.filter { $0.outcome == .expired }
            #expect(!errored.isEmpty)
            #expect(!expired.isEmpty)
            #expect(ended.counts.errored == errored.count)
            #expect(ended.counts.expired == expired.count)
            for error in errored {
                #expect(error.isRetriable == (error.type != "invalid_request_error"), "\(error.type)")
            }
        }
    }

    @Test func queueFullOnCreateIsRetriableQueueFull() async throws {
        var faults = EmulatorFaults()
        faults.batchFailureRate = 1
        // Long enough that a retry honouring it could not hide inside the bound below.
        faults.retryAfterSeconds = 30
        try await EmulatorHarness.run(EmulatorHarness.emulatorConfiguration(faults: faults)) { harness in
            let client = try harness.anthropic()
            let batch = try #require(client.prepareBatches([Self.request("q1")]).batches.first)
            let started = ContinuousClock.now
            await #expect { try await client.createBatch(batch, marker: BatchMarker(label: "q", notBefore: Date(), requestCount: 1)) } throws: { error in
                guard let error = error as? ProviderError else { return false }
                return error.httpStatus == 429 && error.category == .queueFull && error.isRetriable && error.retryAfter != nil
            }
            // Batch creation is a single attempt: no wait for the 30 s Retry-After happened.
            #expect(ContinuousClock.now - started < .seconds(20))
            let page = try await client.listBatches(limit: 10, after: nil)
            #expect(page.batches.isEmpty, "a refused create leaves no batch behind")
        }
    }

    @Test func transientHTTPFaultsAreRetriedHonouringRetryAfter() async throws {
        var faults = EmulatorFaults()
        faults.rateLimitRate = 0.3
        faults.overloadedRate = 0.2
        faults.serverErrorRate = 0.1
        faults.retryAfterSeconds = 0.05
        faults.pathPrefixes = ["/v1/messages"]
        try await EmulatorHarness.run(EmulatorHarness.emulatorConfiguration(faults: faults)) { harness in
            let client = try harness.anthropic()
            for index in 0..<6 {
                let response = try await client.send(Self.request("r\(index)"))
                #expect(response.text?.isEmpty == false)
            }
            let retries = harness.logs.all.filter { $0.contains("retrying provider call") }
            #expect(!retries.isEmpty, "faults were injected and retried")
            #expect(retries.contains { $0.contains("http.status: 429") || $0.contains("\"http.status\": 429") })
        }
    }

    @Test func persistentRateLimitGivesUpWithTheHint() async throws {
        var faults = EmulatorFaults()
        faults.rateLimitRate = 1
        faults.retryAfterSeconds = 0.2
        try await EmulatorHarness.run(EmulatorHarness.emulatorConfiguration(faults: faults)) { harness in
            let client = try harness.anthropic()
            let started = ContinuousClock.now
            await #expect { try await client.send(Self.request("x")) } throws: { error in
                guard let error = error as? ProviderError else { return false }
                return error.httpStatus == 429 && error.errorType == "rate_limit_error" && error.category == .retry
                    && error.retryAfter == .milliseconds(200) && error.requestID != nil
            }
            // Six attempts, five waits of the 0.2 s the server asked for.
            #expect(ContinuousClock.now - started >= .seconds(1))
        }
    }

    @Test func splitSubmissionRunsAsSeveralBatches() async throws {
        var limits = BatchLimits.anthropic
        limits.maxRequests = 7
        try await EmulatorHarness.run { harness in
            let client = try harness.anthropic(limits: limits)
            let requests = (0..<20).map { Self.request("s\($0)") }
            let preparation = client.prepareBatches(requests)
            #expect(preparation.batches.map(\.requestCount) == [7, 7, 6])
            var seen: [String] = []
            for (index, batch) in preparation.batches.enumerated() {
                let (_, items) = try await runBatch(client, batch, label: "split-\(index)")
                #expect(Set(items.map(\.customID)) == Set(batch.customIDs))
                seen += items.map(\.customID)
            }
            #expect(Set(seen) == Set(requests.map(\.customID)))
        }
    }

    @Test func cutAndSlowDownloadsStillDeliverEveryResultOnce() async throws {
        try await EmulatorHarness.run { harness in
            let client = try harness.anthropic()
            let batch = try #require(client.prepareBatches((0..<60).map { Self.request("d\($0)", maxTokens: 300) }).batches.first)
            let created = try await client.createBatch(batch, marker: BatchMarker(label: "dl", notBefore: Date(), requestCount: 60))
            let ended = try await waitForEnd(client, id: created.id)
            let clean = try await collect(try client.results(of: ended))
            #expect(clean.count == 60)

            var faults = EmulatorFaults()
            faults.downloadCutoffRate = 0.6
            faults.downloadCutoffFraction = 0.4
            faults.downloadBytesPerSecond = 2_000_000
            harness.emulator.setFaults(faults)
            // Each download is cut with probability 0.6 (seeded): read it a few times.
            for _ in 0..<4 {
                let again = try await collect(try client.results(of: ended))
                #expect(again == clean, "restarted downloads skip what was delivered and lose nothing")
            }
            #expect(harness.logs.all.contains { $0.contains("restarting cut result download") })
        }
    }

    @Test func aStalledDownloadIsBoundedByTheReadTimeout() async throws {
        try await EmulatorHarness.run { harness in
            let client = try harness.anthropic()
            let batch = try #require(client.prepareBatches((0..<20).map { Self.request("s\($0)", maxTokens: 300) }).batches.first)
            let created = try await client.createBatch(batch, marker: BatchMarker(label: "stall", notBefore: Date(), requestCount: 20))
            let ended = try await waitForEnd(client, id: created.id)
            // The emulator now sends 16 KiB a second; a client whose reads time out after 300 ms
            // gives up after its bounded restarts instead of hanging.
            var faults = EmulatorFaults()
            faults.downloadBytesPerSecond = 16_384
            harness.emulator.setFaults(faults)
            try await HTTPClient.withHTTPClient(configuration: .sluiceProviders(readTimeout: .milliseconds(300))) { impatient in
                let stalling = AnthropicClient(
                    endpoint: try harness.endpoint(.anthropic),
                    httpClient: impatient,
                    configuration: EmulatorHarness.configuration(),
                    logger: harness.logger
                )
                let started = ContinuousClock.now
                await #expect { try await collect(try stalling.results(of: ended)) } throws: { error in
                    guard let error = error as? ProviderError else { return false }
                    return error.isTransportError && error.isRetriable && error.message.contains("attempts")
                }
                #expect(ContinuousClock.now - started < .seconds(15))
            }
        }
    }

    @Test func wrongKeyIsFatalAndNoKeyEverReachesLogsOrErrors() async throws {
        var faults = EmulatorFaults()
        faults.rateLimitRate = 0.5
        faults.retryAfterSeconds = 0.01
        try await EmulatorHarness.run(EmulatorHarness.emulatorConfiguration(faults: faults)) { harness in
            let wrongKey = "sk-ant-WRONG-0123456789abcdef"
            let bad = try harness.anthropic(key: wrongKey)
            do {
                _ = try await bad.send(Self.request("k"))
                Issue.record("a wrong key was accepted")
            } catch let error as ProviderError {
                #expect(error.httpStatus == 401 || error.httpStatus == 429)
                if error.httpStatus == 401 {
                    #expect(error.category == .fatal && !error.isRetriable)
                }
                #expect(!"\(error)".contains(wrongKey))
                #expect(!String(reflecting: error).contains(wrongKey))
            }
            let good = try harness.anthropic()
            _ = try await good.send(Self.request("k2"))
            let batch = try #require(good.prepareBatches([Self.request("k3")]).batches.first)
            let created = try? await good.createBatch(batch, marker: BatchMarker(label: "k", notBefore: Date(), requestCount: 1))
            if let created {
                let ended = try await waitForEnd(good, id: created.id)
                let items = try await collect(try good.results(of: ended))
                for item in items {
                    #expect(!"\(item)".contains(EmulatorHarness.apiKey))
                }
            }
            #expect(!"\(good)".contains(EmulatorHarness.apiKey))
            let logs = harness.logs.all
            #expect(!logs.isEmpty)
            for line in logs {
                #expect(!line.contains(EmulatorHarness.apiKey) && !line.contains(wrongKey), "key in log: \(line)")
            }
        }
    }
}
