import AsyncHTTPClient
import Emulator
import Foundation
import Logging
@testable import Pipeline
import Planning
import Providers
import SluiceApp
import StateStore
import Testing

/// The explicit cache lifecycle step by step against the emulator's `cachedContents`: create and
/// record, adopt instead of creating twice, extend (billed), delete, and purge a leaked one. Each
/// storage charge Sluice records must equal the emulator's.
@Suite("Explicit cache keeper", .timeLimit(.minutes(1)))
struct ExplicitCacheKeeperTests {
    static let model = "gemini-2.5-flash"

    struct Fixture {
        let store: StateStore
        let client: GeminiClient
        let keeper: ExplicitCacheKeeper
        let emulator: RunningEmulator

        /// A `submitting` batch whose plan asks for an explicit cache over a shared system prompt.
        /// - Parameter stray: a request of another prefix group comes first (sent whole).
        func batch(requests: Int = 3, ttlSeconds: Int = 900, stray: Bool = false) async throws -> (BatchRecord, StoredPlan) {
            let system = String(repeating: "Shared definitions for every summary. ", count: 400)
            var planned = (0..<requests).map { index in
                LLMRequest.chat(
                    customID: "c\(index)", model: ExplicitCacheKeeperTests.model, system: [.text(system)],
                    messages: [ChatMessage(role: .user, content: [.text("Summarize."), .text("Document \(index)")])])
            }
            let group = RequestRenderer.prefixGroup(of: planned[0])
            if stray {
                planned.insert(
                    .chat(customID: "stray", model: ExplicitCacheKeeperTests.model, system: [.text("Other.")], messages: [.user("Hi.")]),
                    at: 0)
            }
            let plan = StoredPlan(
                requests: planned,
                prefix: PlannedPrefix(
                    hash: group, estimatedTokens: 4_000, ttl: .fiveMinutes, requestCount: requests,
                    explicitCache: ExplicitCachePlan(ttlSeconds: ttlSeconds)))
            let now = Date().unixMilliseconds
            let batch = try await store.planBatch(
                NewBatch(
                    provider: "gemini", model: ExplicitCacheKeeperTests.model, endpoint: .chat, bucket: "b",
                    plan: try JSONEncoder().encode(plan), items: planned.map { NewBatchItem(customID: $0.customID, request: nil) },
                    createdAt: now))
            return (try await store.transition(batch.id, from: .planned, to: .submitting, at: now).batch, plan)
        }

        /// Storage Sluice recorded for `batches`, and what the emulator billed for storage:
        /// counts and USD.
        func storage(_ batches: [BatchRecord]) async throws -> (recorded: Int, recordedUSD: Double, billed: Int, billedUSD: Double) {
            var recorded = 0
            var recordedUSD = Decimal(0)
            for batch in batches {
                for entry in try await store.ledgerEntries(batchID: batch.id) where entry.isCacheStorage {
                    recorded += 1
                    recordedUSD += entry.actualUSD
                }
            }
            let billed = emulator.ledger().entries.filter { $0.mode == .cacheStorage }
            return (recorded, NSDecimalNumber(decimal: recordedUSD).doubleValue, billed.count, billed.reduce(0) { $0 + $1.cost.total })
        }

        /// Whether Sluice's storage figure is the emulator's (to a millionth: milliseconds of
        /// provider timestamps).
        func agrees(_ storage: (recorded: Int, recordedUSD: Double, billed: Int, billedUSD: Double)) -> Bool {
            storage.billedUSD > 0 && abs(storage.recordedUSD - storage.billedUSD) <= storage.billedUSD * 1e-6
        }
    }

    func withFixture(_ body: (Fixture) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keeper-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let logger = Logger(label: "keeper-test", factory: { _ in SwiftLogNoOpLogHandler() })
        try await withRunningEmulator(EmulatorConfiguration(speedup: 1, workers: 2, seed: 1, logger: logger)) { emulator in
            let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .sluiceProviders())
            do {
                let clients = try ProviderSetup.emulatorClients(baseURL: emulator.baseURL, httpClient: http, logger: logger)
                let client = try #require(clients[.gemini] as? GeminiClient)
                let store = try await StateStore.open(directory: directory, logger: logger, durability: .normal)
                let keeper = ExplicitCacheKeeper(
                    store: store, priceBook: try PriceBook.bundled(), failPoints: .none, logger: logger)
                try await body(Fixture(store: store, client: client, keeper: keeper, emulator: emulator))
                try await store.close()
                try await http.shutdown()
            } catch {
                try? await http.shutdown()
                throw error
            }
        }
    }

    @Test("create, record and rewrite; a second pass adopts; extension and deletion are billed as the provider bills")
    func lifecycle() async throws {
        try await withFixture { fixture in
            let (batch, plan) = try await fixture.batch(stray: true)
            var sent = try await fixture.keeper.requestsToSend(batch, plan: plan, client: fixture.client, reconciling: false)
            let row = try #require(try await fixture.store.explicitCache(batchID: batch.id))
            let name = try #require(row.cacheName)
            // The stray request of another group goes whole; the planned group names the cache.
            #expect(sent.first == plan.requests.first)
            sent.removeFirst()
            #expect(sent.allSatisfy { $0.cachedContent == name && $0.system.isEmpty && $0.messages.count == 1 })
            #expect(sent.map { $0.messages[0].content } == plan.requests.dropFirst().map { [$0.messages[0].content[1]] })
            // The rewritten requests are what the provider accepts.
            #expect(fixture.client.prepareBatches(sent).rejected.isEmpty)

            // Found in `submitting` again (a timeout, a restart): the recorded cache, not a new one.
            let again = try await fixture.keeper.requestsToSend(batch, plan: plan, client: fixture.client, reconciling: true)
            #expect(Array(again.dropFirst()) == sent)
            var storage = try await fixture.storage([batch])
            #expect(storage.billed == 1 && storage.recorded == 1)
            #expect(fixture.agrees(storage), "\(storage)")

            // Not due yet: nothing happens.
            await fixture.keeper.extendIfDue(batch, client: fixture.client, margin: .seconds(60))
            #expect(try await fixture.storage([batch]).billed == 1)
            // The batch outlives the TTL: extended, and the extension billed on both sides.
            fixture.emulator.clock.advance(by: 600)
            await fixture.keeper.extendIfDue(
                batch, client: fixture.client, margin: .seconds(60), now: Date().addingTimeInterval(Double(row.ttlSeconds)))
            storage = try await fixture.storage([batch])
            #expect(storage.billed == 2 && storage.recorded == 2)
            #expect(fixture.agrees(storage), "\(storage)")
            #expect(try await fixture.store.explicitCache(batchID: batch.id)?.expiresAt ?? 0 > row.expiresAt)

            await fixture.keeper.release(batch, client: fixture.client)
            #expect(try await fixture.client.listCachedContents().entries.isEmpty)
            #expect(try await fixture.store.explicitCache(batchID: batch.id) == nil)
        }
    }

    @Test("a cache made before a crash is adopted by its label; one leaked by an abandoned batch is purged and billed")
    func adoptAndPurge() async throws {
        try await withFixture { fixture in
            let (batch, plan) = try await fixture.batch()
            let shared = try #require(ExplicitCachePrefix(of: plan.requests[0]))
            // The crash: created at the provider, never recorded.
            let made = try await fixture.client.createCachedContent(
                model: Self.model, system: shared.system, messages: shared.messages, tools: [], ttl: .seconds(900),
                displayName: batch.marker)
            let sent = try await fixture.keeper.requestsToSend(batch, plan: plan, client: fixture.client, reconciling: true)
            #expect(sent.allSatisfy { $0.cachedContent == made.name })
            var storage = try await fixture.storage([batch])
            #expect(storage.billed == 1 && storage.recorded == 1)
            #expect(fixture.agrees(storage), "\(storage)")

            // Another batch's cache made, the batch then abandoned without the cache recorded.
            let (abandoned, other) = try await fixture.batch()
            let otherShared = try #require(ExplicitCachePrefix(of: other.requests[0]))
            _ = try await fixture.client.createCachedContent(
                model: Self.model, system: otherShared.system, messages: otherShared.messages, tools: [],
                ttl: .seconds(900), displayName: abandoned.marker)
            _ = try await fixture.store.transition(
                abandoned.id, from: .submitting, to: .failed, at: Date().unixMilliseconds, changes: BatchChanges(error: "test"))

            await fixture.keeper.purge(clients: [.gemini: fixture.client], scanProvider: true)
            let left = try await fixture.client.listCachedContents().entries
            // The live batch keeps its cache; the abandoned one's is gone and its storage recorded.
            #expect(left.map(\.name) == [made.name])
            storage = try await fixture.storage([batch, abandoned])
            #expect(storage.billed == 2 && storage.recorded == 2)
            #expect(fixture.agrees(storage), "\(storage)")
        }
    }

    @Test("a refused create sends the batch whole, relying on implicit caching")
    func createRefused() async throws {
        try await withFixture { fixture in
            // A TTL the provider refuses is not possible through the plan; a cache under the
            // minimum is: the emulator answers 400, and nothing is recorded or rewritten.
            let (batch, plan) = try await fixture.batch()
            var small = plan
            small.requests = plan.requests.map { request in
                var copy = request
                copy.system = [.text("Too short to cache.")]
                return copy
            }
            small.prefix?.hash = RequestRenderer.prefixGroup(of: small.requests[0])
            let sent = try await fixture.keeper.requestsToSend(batch, plan: small, client: fixture.client, reconciling: false)
            #expect(sent == small.requests)
            #expect(try await fixture.store.explicitCache(batchID: batch.id) == nil)
            #expect(fixture.emulator.ledger().entries.isEmpty)
            // Nothing was left at the provider either.
            #expect(try await fixture.client.listCachedContents().entries.isEmpty)
        }
    }
}
