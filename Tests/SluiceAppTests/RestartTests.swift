import AsyncHTTPClient
import Emulator
import Foundation
import Logging
import Pipeline
import Planning
import Providers
import RdKafka
import ServiceLifecycle
import SluiceApp
import StateStore
import Testing

/// An instance stopped abruptly while provider batches are in flight, and a new one on the same
/// data directory: every event still gets exactly one result, and the provider bills every
/// request once (nothing was submitted twice).
@Suite("Restart with batches in flight", .timeLimit(.minutes(2)))
struct RestartTests {
    @Test("a restarted instance adopts what was in flight: one result and one bill per request")
    func restartMidFlight() async throws {
        var quiet = Logger(label: "restart-test")
        quiet.logLevel = .warning
        let logger = quiet
        let broker = try EmbeddedBroker(brokers: 1, logger: logger)
        try broker.createTopics(try DefaultTopics.load())
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("restart-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        // Slow enough that batches are still running when the first instance stops.
        let emulatorConfiguration = EmulatorConfiguration(speedup: 20, workers: 4, seed: 3, logger: logger)
        try await withRunningEmulator(emulatorConfiguration) { emulator in
            let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .sluiceProviders())
            let clients = try ProviderSetup.emulatorClients(baseURL: emulator.baseURL, httpClient: http, logger: logger)
            let settings = RuntimeSettings(
                bootstrapServers: broker.bootstrapServers, groupID: "restart", sessionTimeout: .seconds(6),
                consumerProperties: ["fetch.wait.max.ms": "10"], dataDirectory: directory, durability: .normal,
                pipeline: PipelineConfiguration(
                    flushPolicy: FlushPolicy(maxWait: .milliseconds(300)), pollIntervalMin: .milliseconds(100),
                    pollIntervalMax: .milliseconds(300), accumulatorInterval: .milliseconds(100)),
                priceBook: try PriceBook.bundled())

            let ids = (1...24).map { "r\($0)" }
            let feeder = try KafkaProducer(
                configuration: KafkaProducerConfiguration(bootstrapServers: broker.bootstrapServers), logger: logger)
            for (index, id) in ids.enumerated() {
                let model = index % 2 == 0 ? "claude-haiku-4-5" : "gpt-5-mini"
                let value = #"{"id":"\#(id)","tenant":"t","request":{"kind":"chat","model":"\#(model)","messages":[{"role":"user","content":"Note \#(id)"}],"max_tokens":30}}"#
                try await feeder.send(KafkaProducerMessage(topic: "llm.requests", key: "t/\(id)", value: value))
            }
            await feeder.shutdown()

            // First instance: stop it (cancel, not drain) once a provider batch is in flight.
            let first = try await SluiceRuntime.make(settings: settings, clients: clients, logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await ServiceGroup(services: first.services, logger: logger).run() }
                while try await first.store.batches(inStates: [.submitted]).isEmpty {
                    try await Task.sleep(for: .milliseconds(20))
                }
                tasks.cancelAll()
                _ = try? await tasks.next()
            }
            let inFlight = try await first.store.batches(inStates: [.submitted, .submitting, .planned])
            #expect(!inFlight.isEmpty)
            try await first.store.close()

            // Second instance on the same data directory finishes the job.
            let second = try await SluiceRuntime.make(settings: settings, clients: clients, logger: logger)
            var downstreamConfiguration = KafkaConsumerConfiguration(
                bootstrapServers: broker.bootstrapServers, groupID: "downstream", topics: ["llm.results"])
            downstreamConfiguration.sessionTimeoutMilliseconds = 6_000
            downstreamConfiguration.fetchWaitMaxMilliseconds = 10
            let downstream = try KafkaConsumer(configuration: downstreamConfiguration, logger: logger)
            var seen: [String: Set<String>] = [:]
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask {
                    try await ServiceGroup(services: second.services + [downstream], logger: logger).run()
                }
                var iterator = downstream.messages.makeAsyncIterator()
                while seen.count < ids.count, let chunk = try await iterator.nextChunk() {
                    for message in chunk {
                        let event = try ResultEvent.decodeValidated(from: message.value)
                        let ceID = message.headers.string("ce_id") ?? ""
                        seen[event.id, default: []].insert(ceID)
                        #expect(event.status == .succeeded, "\(event.id): \(String(describing: event.error))")
                    }
                }
                tasks.cancelAll()
                _ = try? await tasks.next()
            }
            try await second.store.close()
            try await http.shutdown()
            #expect(Set(seen.keys) == Set(ids))
            // Redeliveries carry the same ce_id: one logical result per request.
            #expect(seen.values.allSatisfy { $0.count == 1 })
            // The provider billed each request once: no batch was created twice.
            let billed = emulator.ledger().entries.compactMap(\.customID)
            #expect(billed.count == ids.count, "billed \(billed.count) items for \(ids.count) requests")
            #expect(Set(billed).count == billed.count)
        }
        await broker.shutdown()
    }
}
