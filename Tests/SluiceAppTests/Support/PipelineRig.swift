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
import Synchronization

/// One embedded broker, one emulator and one data directory on which pipeline instances start,
/// stop dead and restart, with a downstream consumer that reads what they publish.
struct PipelineRig: Sendable {
    let logger: Logger
    let broker: EmbeddedBroker
    let emulator: RunningEmulator
    let clients: [Providers.Provider: any BatchProviderClient]
    let directory: URL

    /// The models the rig's requests use, one per provider.
    static let models = ["claude-haiku-4-5", "gpt-5-mini", "gemini-2.5-flash"]

    /// Runs `body` on a fresh rig and tears it down.
    static func with<T: Sendable>(
        speedup: Double, seed: UInt64 = 3, _ body: (PipelineRig) async throws -> T
    ) async throws -> T {
        var quiet = Logger(label: "pipeline-rig")
        quiet.logLevel = ProcessInfo.processInfo.environment["RIG_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        let logger = quiet
        let broker = try EmbeddedBroker(brokers: 1, logger: logger)
        try broker.createTopics(try DefaultTopics.load())
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rig-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let emulatorConfiguration = EmulatorConfiguration(speedup: speedup, workers: 4, seed: seed, logger: logger)
        let result = try await withRunningEmulator(emulatorConfiguration) { emulator in
            let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .sluiceProviders())
            do {
                let clients = try ProviderSetup.emulatorClients(baseURL: emulator.baseURL, httpClient: http, logger: logger)
                let rig = PipelineRig(logger: logger, broker: broker, emulator: emulator, clients: clients, directory: directory)
                let result = try await body(rig)
                try await http.shutdown()
                return result
            } catch {
                try? await http.shutdown()
                throw error
            }
        }
        await broker.shutdown()
        return result
    }

    /// Fast timings, so a test sees several batches through in seconds.
    static func pipeline() -> PipelineConfiguration {
        PipelineConfiguration(
            flushPolicy: FlushPolicy(maxWait: .milliseconds(300)), pollIntervalMin: .milliseconds(100),
            pollIntervalMax: .milliseconds(300), submitRetryDelay: .milliseconds(200),
            queueFullDelay: .milliseconds(300), accumulatorInterval: .milliseconds(100))
    }

    func settings(_ pipeline: PipelineConfiguration) throws -> RuntimeSettings {
        RuntimeSettings(
            bootstrapServers: broker.bootstrapServers, groupID: "rig", sessionTimeout: .seconds(6),
            consumerProperties: ["fetch.wait.max.ms": "10"], dataDirectory: directory, durability: .normal,
            pipeline: pipeline, priceBook: try PriceBook.bundled())
    }

    /// Publishes `count` short chat requests spread over `models`; returns their ids. `content`
    /// gives request `n` (from 1) its text, and `first` numbers the ids.
    func publishRequests(
        _ count: Int, models: [String] = PipelineRig.models, first: Int = 1,
        content: (Int) -> String = { "Note r\($0)" }
    ) async throws -> [String] {
        let ids = (first..<first + count).map { "r\($0)" }
        try await publish(
            ids.enumerated().map { index, id in
                let model = models[index % models.count]
                let text = content(first + index)
                return (id, #"{"kind":"chat","model":"\#(model)","messages":[{"role":"user","content":"\#(text)"}],"max_tokens":30}"#)
            })
        return ids
    }

    /// Publishes request events of tenant `t`, each `request` a JSON object as the contract has it.
    func publish(_ requests: [(id: String, request: String)]) async throws {
        let feeder = try KafkaProducer(
            configuration: KafkaProducerConfiguration(bootstrapServers: broker.bootstrapServers), logger: logger)
        for (id, request) in requests {
            let value = #"{"id":"\#(id)","tenant":"t","request":\#(request)}"#
            try await feeder.send(KafkaProducerMessage(topic: "llm.requests", key: "t/\(id)", value: value))
        }
        await feeder.shutdown()
    }

    /// Starts an instance with `point` armed and stops it dead (cancelled, no drain) the moment a
    /// stage reaches it. Returns the instance's store, still open, for a look at what it left.
    func runUntilHalt(at point: FailPoints.Point, pipeline: PipelineConfiguration) async throws -> StateStore {
        let (halts, halted) = AsyncStream<FailPoints.Point>.makeStream()
        var configuration = pipeline
        configuration.failPoints = FailPoints([point]) { point in
            halted.yield(point)
            // Hold the stage here until the instance is cancelled around it.
            try? await Task.sleep(for: .seconds(3_600))
        }
        let runtime = try await SluiceRuntime.make(settings: try settings(configuration), clients: clients, logger: logger)
        let reached = await withTaskGroup(of: Bool.self) { tasks in
            tasks.addTask { [logger] in
                try? await ServiceGroup(services: runtime.services, logger: logger).run()
                return false
            }
            tasks.addTask {
                try? await Task.sleep(for: .seconds(30))
                return false
            }
            tasks.addTask {
                var iterator = halts.makeAsyncIterator()
                return await iterator.next() != nil
            }
            let reached = await tasks.next() ?? false
            halted.finish()
            tasks.cancelAll()
            await tasks.waitForAll()
            return reached
        }
        guard reached else {
            try await runtime.store.close()
            throw RigTimeout(description: "no stage reached fail point \(point) within 30 s")
        }
        return runtime.store
    }

    /// Starts an instance and stops it dead (cancelled, no drain) once `condition` holds for its
    /// store. Returns the store, still open.
    func runUntil(
        pipeline: PipelineConfiguration, _ condition: @escaping @Sendable (StateStore) async throws -> Bool
    ) async throws -> StateStore {
        let runtime = try await SluiceRuntime.make(settings: try settings(pipeline), clients: clients, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { [logger] in try await ServiceGroup(services: runtime.services, logger: logger).run() }
            let deadline = ContinuousClock.now + .seconds(30)
            while try await !condition(runtime.store) {
                guard ContinuousClock.now < deadline else { throw RigTimeout(description: "condition not met within 30 s") }
                try await Task.sleep(for: .milliseconds(20))
            }
            tasks.cancelAll()
            _ = try? await tasks.next()
        }
        return runtime.store
    }

    /// Runs an instance until every id has a result and the savings events add up to the
    /// emulator's bill (or `deadline` passes), then stops it.
    func runToCompletion(
        ids: [String], pipeline: PipelineConfiguration, deadline: Duration = .seconds(45)
    ) async throws -> Downstream {
        let runtime = try await SluiceRuntime.make(settings: try settings(pipeline), clients: clients, logger: logger)
        var configuration = KafkaConsumerConfiguration(
            bootstrapServers: broker.bootstrapServers, groupID: "downstream-\(UUID().uuidString)",
            topics: ["llm.results", "llm.savings"])
        configuration.sessionTimeoutMilliseconds = 6_000
        configuration.fetchWaitMaxMilliseconds = 10
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        let wanted = Set(ids)
        let emulator = self.emulator
        let downstream = try await withThrowingTaskGroup(of: Downstream?.self) { tasks in
            tasks.addTask { [logger] in
                try await ServiceGroup(services: runtime.services + [consumer], logger: logger).run()
                return nil
            }
            tasks.addTask {
                try await Task.sleep(for: deadline)
                return nil
            }
            tasks.addTask {
                var seen = Downstream()
                var iterator = consumer.messages.makeAsyncIterator()
                while let chunk = try await iterator.nextChunk() {
                    for message in chunk { try seen.take(message) }
                    if Set(seen.results.keys) == wanted, Self.agrees(seen.savingsTotal, emulator.ledger().totalUSD) { break }
                }
                return seen
            }
            let first = try await tasks.next() ?? nil
            tasks.cancelAll()
            while let _ = try? await tasks.next() {}
            return first
        }
        try await runtime.store.close()
        guard var downstream else {
            throw RigTimeout(
                description: "within \(deadline), either not every request got its result or the savings events "
                    + "never added up to the emulator's bill")
        }
        downstream.counters = runtime.pipeline.counters.snapshot
        return downstream
    }

    /// Savings events carry 9 decimals, the emulator's ledger doubles: equal to a millionth.
    static func agrees(_ savings: Decimal, _ billed: Double) -> Bool {
        let savings = NSDecimalNumber(decimal: savings).doubleValue
        return abs(savings - billed) <= max(1e-9, billed * 1e-6)
    }
}

struct RigTimeout: Error, CustomStringConvertible {
    var description: String
}

/// What a downstream consumer saw: results by request id (every delivery, redeliveries too) and
/// savings events by id (a redelivery has the same id).
struct Downstream: Sendable {
    var results: [String: [ResultEvent]] = [:]
    var resultIDs: [String: Set<String>] = [:]
    var savings: [String: SavingsEvent] = [:]
    var savingsDeliveries = 0
    /// The instance's own counters when it stopped.
    var counters: PipelineCounters.Snapshot?

    var savingsTotal: Decimal { savings.values.reduce(Decimal(0)) { $0 + $1.actualUSD.amount } }
    /// Result records delivered more than once (same `ce_id`).
    var redeliveredResults: Int { results.values.reduce(0) { $0 + $1.count } - resultIDs.values.reduce(0) { $0 + $1.count } }

    mutating func take(_ message: KafkaConsumerMessage) throws {
        switch message.topic {
        case "llm.results":
            let event = try ResultEvent.decodeValidated(from: message.value)
            results[event.id, default: []].append(event)
            resultIDs[event.id, default: []].insert(message.headers.string("ce_id") ?? "")
        case "llm.savings":
            let event = try SavingsEvent.decodeValidated(from: message.value)
            savings[event.id] = event
            savingsDeliveries += 1
        default:
            break
        }
    }
}
