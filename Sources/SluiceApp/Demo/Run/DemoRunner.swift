import Foundation
internal import AsyncHTTPClient
internal import Emulator
import Logging
internal import Pipeline
internal import Planning
internal import Providers
internal import RdKafka
internal import ServiceLifecycle
internal import StateStore

/// `sluice demo` and `sluice bench savings`: the embedded broker, the emulator at speed, the whole
/// pipeline, a workload published like a producer would, and a downstream consumer that checks
/// every accepted event gets exactly one result. Ends with the savings report.
package enum DemoRunner {
    /// Runs the demo on its generated workload; `progress` gets a line about twice a second.
    package static func run(
        _ options: DemoOptions, progress: @escaping @Sendable (String) -> Void
    ) async throws -> DemoReport {
        let started = ContinuousClock.now
        let workload = DemoWorkload.generate(seed: options.seed, documentsPerTenant: options.documentsPerTenant, now: Date())
        let run = try await run(options, workload: workload, started: started, progress: progress)
        if let file = options.ledgerFile { try run.emulatorLedger.writeJSON(to: file) }
        return run.report
    }

    /// Runs any workload (records to publish, the task templates they name, and what a correct run
    /// ends with) through the same broker, emulator and pipeline as the demo.
    ///
    /// - Parameters:
    ///   - options: seed (of the emulator), speed-up, timeout, data directory and logger;
    ///     `documentsPerTenant` is not used.
    ///   - workload: what to publish and expect.
    ///   - progress: gets a line about twice a second.
    /// - Returns: the report plus what downstream saw and what the emulator billed per provider.
    /// - Throws: ``DemoError`` when the workload could overflow the embedded broker's retention,
    ///   or whatever stops the broker, emulator or pipeline from starting.
    package static func run(
        _ options: DemoOptions, workload: DemoWorkload, progress: @escaping @Sendable (String) -> Void
    ) async throws -> DemoRun {
        try await run(options, workload: workload, started: ContinuousClock.now, progress: progress)
    }

    private static func run(
        _ options: DemoOptions, workload: DemoWorkload, started: ContinuousClock.Instant,
        progress: @escaping @Sendable (String) -> Void
    ) async throws -> DemoRun {
        let logger = options.logger
        logger.info("Workload generated", metadata: ["records": "\(workload.records.count)"])
        let specs = try DefaultTopics.load()
        let requestPartitions = specs.first { $0.name == "llm.requests" }?.partitions ?? 12
        // The mock cluster silently drops a partition's oldest records beyond 5 MiB: refuse a
        // workload that could come near it rather than lose events.
        if let fullest = workload.bytesPerPartition(partitions: requestPartitions).max(), fullest > 4 * 1_024 * 1_024 {
            throw DemoError("the workload would put \(fullest) bytes on one partition of the embedded broker (limit 4 MiB); use fewer documents")
        }
        let broker = try EmbeddedBroker(brokers: 1, logger: logger)
        try broker.createTopics(specs)
        logger.info("Embedded broker up", metadata: ["bootstrap": "\(broker.bootstrapServers)"])
        let dataDirectory =
            options.dataDirectory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("sluice-demo-\(UUID().uuidString)")
        defer { if options.dataDirectory == nil { try? FileManager.default.removeItem(at: dataDirectory) } }
        var emulatorLogger = logger
        emulatorLogger.logLevel = max(logger.logLevel, .warning)
        let outcome = try await withRunningEmulator(
            EmulatorConfiguration(speedup: options.speedup, workers: 16, seed: options.seed, logger: emulatorLogger)
        ) { emulator in
            let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .sluiceProviders())
            do {
                let outcome = try await run(
                    options, workload: workload, broker: broker, emulator: emulator, httpClient: httpClient,
                    dataDirectory: dataDirectory, started: started, progress: progress)
                try await httpClient.shutdown()
                return outcome
            } catch {
                try? await httpClient.shutdown()
                throw error
            }
        }
        await broker.shutdown()
        return outcome
    }

    private static func run(
        _ options: DemoOptions, workload: DemoWorkload, broker: EmbeddedBroker, emulator: RunningEmulator,
        httpClient: HTTPClient, dataDirectory: URL, started: ContinuousClock.Instant,
        progress: @escaping @Sendable (String) -> Void
    ) async throws -> DemoRun {
        let logger = options.logger
        let priceBook = try PriceBook.bundled()
        let topics = PipelineTopics()
        var pipeline = PipelineConfiguration(
            topics: topics, cloudEventsSource: "urn:sluice:demo",
            flushPolicy: FlushPolicy(maxWait: .seconds(2), highPriorityMaxWait: .seconds(1)),
            pollIntervalMin: .milliseconds(200), pollIntervalMax: .seconds(1),
            submitRetryDelay: .milliseconds(500), queueFullDelay: .seconds(2),
            accumulatorInterval: .milliseconds(250))
        // The emulator's caches expire on its clock: the pipeline counts them warm on that clock too.
        pipeline.providerTimeScale = options.speedup
        let settings = RuntimeSettings(
            bootstrapServers: broker.bootstrapServers, groupID: "sluice-demo", sessionTimeout: .seconds(6),
            consumerProperties: ["fetch.wait.max.ms": "10"], dataDirectory: dataDirectory, durability: .normal,
            pipeline: pipeline, tasks: workload.tasks, priceBook: priceBook)
        let clients = try ProviderSetup.emulatorClients(baseURL: emulator.baseURL, httpClient: httpClient, logger: logger)
        let runtime = try await SluiceRuntime.make(settings: settings, clients: clients, logger: logger)
        logger.info("Pipeline ready", metadata: ["data": "\(dataDirectory.path)"])

        let feeder = try KafkaProducer(
            configuration: KafkaProducerConfiguration(bootstrapServers: broker.bootstrapServers), logger: logger)
        var checkConfiguration = KafkaConsumerConfiguration(
            bootstrapServers: broker.bootstrapServers, groupID: "sluice-demo-downstream",
            topics: [topics.results, topics.deadLetter, topics.savings])
        checkConfiguration.sessionTimeoutMilliseconds = 6_000
        checkConfiguration.heartbeatIntervalMilliseconds = 500
        checkConfiguration.fetchWaitMaxMilliseconds = 10
        let downstream = try KafkaConsumer(configuration: checkConfiguration, logger: logger)
        let observer = DemoObserver(results: topics.results, deadLetter: topics.deadLetter, savings: topics.savings)

        let services: [any Service] = [feeder, downstream] + runtime.services
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) }, logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask { try await observer.consume(downstream) }
            defer { tasks.cancelAll() }
            for record in workload.records {
                try await feeder.send(
                    KafkaProducerMessage(
                        topic: topics.requests, key: record.key.map { Array($0) }, value: Array(record.value),
                        headers: record.headers.map { KafkaHeader(name: $0.name, string: $0.value) }))
            }
            let expected = workload.expected
            let deadLetterExpected = expected.deadLettered + expected.renderFailures.count
            let deadline = ContinuousClock.now + options.timeout
            var settled = false
            var lastLine = ""
            while ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(500))
                let seen = observer.snapshot
                let counters = runtime.pipeline.counters.snapshot
                let stats = try await runtime.store.stats()
                let unfinished: [BatchRecord.State] = [.planned, .submitting, .submitted, .ended]
                let open = unfinished.reduce(0) { $0 + (stats.batchesByState[$1] ?? 0) }
                let answered = expected.accepted.filter { seen.results[$0] != nil }.count
                let line = [
                    "events \(counters.eventsIn)/\(workload.records.count)", "journaled \(counters.journaled)",
                    "dlq \(seen.deadLetters)", "batches \(counters.batchesSubmitted) (open \(open))",
                    "results \(answered)/\(expected.accepted.count)", "savings events \(seen.savings.count)",
                ].joined(separator: "  ")
                if line != lastLine {
                    progress(line)
                    lastLine = line
                }
                if answered == expected.accepted.count, seen.deadLetters >= deadLetterExpected, open == 0,
                    stats.outboxBacklog == 0, (stats.requestsByStatus[.pending] ?? 0) == 0,
                    (stats.requestsByStatus[.planned] ?? 0) == 0
                {
                    // The last savings events were delivered; give the downstream reader a moment.
                    try await Task.sleep(for: .milliseconds(500))
                    settled = true
                    break
                }
            }
            if !settled { logger.error("The demo did not settle in time; reporting what arrived") }
            let seen = observer.snapshot
            let ledger = emulator.ledger()
            let report = try DemoReportBuilder(
                workload: workload, observer: seen, counters: runtime.pipeline.counters.snapshot,
                priceBook: priceBook, emulatorBilledUSD: Decimal(ledger.totalUSD),
                deadLetterExpected: deadLetterExpected, elapsed: ContinuousClock.now - started
            ).build()
            var billed: [Providers.Provider: Decimal] = [:]
            for total in ledger.totals {
                guard let provider = Providers.Provider(rawValue: total.provider.rawValue) else { continue }
                billed[provider, default: 0] += Decimal(total.cost.total)
            }
            await group.triggerGracefulShutdown()
            try await tasks.next()
            return DemoRun(report: report, observed: seen, emulatorBilledUSD: billed, emulatorLedger: ledger, settled: settled)
        }
    }
}

/// Why the demo could not run.
package struct DemoError: Error, CustomStringConvertible {
    package var description: String
    init(_ description: String) { self.description = description }
}
