import Benchmark
import Foundation
import RdKafka

/// Intake throughput: a backlog of request events consumed, validated and journaled with offsets
/// stored after the commit, by `sluice serve` (its whole intake path, with the accumulator
/// running), by a Python peer of the kind Sluice replaces (`Peers/intake_peer.py`), and by raw
/// librdkafka consuming the same records with no work at all, one after the other in one run.
///
/// Each iteration gets a new broker and backlog. Sluice and the peer are separate processes,
/// timed from outside by ``JournalWatch`` from their first journaled row to their last (the mock's
/// ~3 s group join and the process start are left out alike), with their peak RSS from the kernel (`VmHWM` once the backlog is journaled).
/// `scripts/bench.sh` passes the binaries: `SLUICE_BENCH_SLUICE` (a release `sluice`) and
/// `SLUICE_BENCH_PYTHON` (a Python with confluent-kafka).
enum IntakeRun {
    static let firstThirdPerSecond = BenchmarkMetric.custom("firstThirdPerSecond", polarity: .prefersLarger, useScalingFactor: false)
    static let lastThirdPerSecond = BenchmarkMetric.custom("lastThirdPerSecond", polarity: .prefersLarger, useScalingFactor: false)
    static let processPeakResident = BenchmarkMetric.custom("processPeakResident", polarity: .prefersSmaller, useScalingFactor: false)

    static let metrics: [BenchmarkMetric] = [
        RecordSpan.recordsPerSecond, RecordSpan.recordsMeasured, firstThirdPerSecond, lastThirdPerSecond,
        processPeakResident,
    ]

    /// How long one process may take over the backlog before the run is failed.
    static let drainTimeout: Duration = .seconds(600)

    static func raw(_ intake: IntakeWorkload, _ benchmark: Benchmark) async throws {
        let workload = intake.workload
        let settings = ConsumerSettings.embedded
        try await withBacklog(intake) { bootstrapServers in
            let consumer = try await RawConsumerClient.make(
                bootstrapServers: bootstrapServers, groupID: ConsumerSettings.freshGroupID(workload, client: "raw"),
                topic: BrokerScope.topic, settings: settings)
            do {
                try await consumer.consume(
                    count: 1, valueSize: workload.recordSize, timeoutMilliseconds: settings.firstRecordTimeoutMilliseconds)
                let third = workload.records / 3
                let start = ContinuousClock.now
                let span = RecordSpan(benchmark)
                try await consumer.consume(
                    count: third - 1, valueSize: workload.recordSize, timeoutMilliseconds: settings.drainTimeoutMilliseconds)
                let oneThird = ContinuousClock.now
                try await consumer.consume(
                    count: workload.records - 2 * third, valueSize: workload.recordSize,
                    timeoutMilliseconds: settings.drainTimeoutMilliseconds)
                let twoThirds = ContinuousClock.now
                try await consumer.consume(
                    count: third, valueSize: workload.recordSize, timeoutMilliseconds: settings.drainTimeoutMilliseconds)
                span.stop(records: workload.records - 1)
                let end = ContinuousClock.now
                benchmark.measurement(firstThirdPerSecond, JournalWatch.Timeline.rate(third - 1, from: start, to: oneThird))
                benchmark.measurement(lastThirdPerSecond, JournalWatch.Timeline.rate(third, from: twoThirds, to: end))
            } catch {
                await consumer.close()
                throw error
            }
            await consumer.close()
        }
    }

    static func python(_ intake: IntakeWorkload, _ benchmark: Benchmark) async throws {
        let python = try environment("SLUICE_BENCH_PYTHON")
        let script = try environment("SLUICE_BENCH_PEER")
        try await withBacklog(intake) { bootstrapServers in
            let directory = try temporaryDirectory("python")
            let database = directory + "/peer.sqlite"
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let process = try ChildProcess(
                executable: python,
                arguments: [
                    script, "--bootstrap", bootstrapServers, "--topic", BrokerScope.topic,
                    "--group", ConsumerSettings.freshGroupID(intake.workload, client: "python"), "--db", database,
                    "--count", "\(intake.workload.records)",
                ],
                environment: ProcessInfo.processInfo.environment, logPath: directory + "/peer.log")
            try await measure(process, database: database, intake, benchmark)
        }
    }

    static func sluice(_ intake: IntakeWorkload, _ benchmark: Benchmark) async throws {
        let binary = try environment("SLUICE_BENCH_SLUICE")
        try await withBacklog(intake) { bootstrapServers in
            let directory = try temporaryDirectory("sluice")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let config = directory + "/sluice.yaml"
            try serveConfiguration(intake).write(toFile: config, atomically: true, encoding: .utf8)
            // Providers are named (so every bucket has a client) but unreachable: nothing falls
            // due within the run (a one-hour window, buckets under the count limit), and nothing
            // that happens after it is measured.
            var environment = ProcessInfo.processInfo.environment
            environment["SLUICE_CONFIG"] = config
            environment["KAFKA_BROKERS"] = bootstrapServers
            environment["SLUICE_DATA_DIR"] = directory + "/data"
            environment["SLUICE_GROUP_ID"] = ConsumerSettings.freshGroupID(intake.workload, client: "sluice")
            for provider in ["ANTHROPIC", "OPENAI", "GEMINI"] {
                environment["\(provider)_API_KEY"] = "bench"
                environment["\(provider)_BASE_URL"] = "http://127.0.0.1:9"
            }
            let process = try ChildProcess(
                executable: binary, arguments: ["serve"], environment: environment, logPath: directory + "/sluice.log")
            try await measure(process, database: directory + "/data/sluice.sqlite", intake, benchmark)
        }
    }

    /// The settings that differ from `sluice serve`'s defaults: the embedded broker's consumer
    /// settings (the same as the peer's and the raw client's), a one-hour batch window, no admin
    /// server, warnings only.
    private static func serveConfiguration(_ intake: IntakeWorkload) -> String {
        let settings = ConsumerSettings.embedded
        return """
            kafka:
              static_membership: false
              session_timeout: \(settings.sessionTimeoutMilliseconds)ms
              properties:
                heartbeat.interval.ms: "\(settings.heartbeatIntervalMilliseconds)"
                fetch.wait.max.ms: "\(settings.fetchWaitMaxMilliseconds)"
            topics:
              requests: \(BrokerScope.topic)
            admin_address: "off"
            log_level: warning
            batching:
              max_wait: 1h
            """
    }

    private static func measure(
        _ process: ChildProcess, database: String, _ intake: IntakeWorkload, _ benchmark: Benchmark
    ) async throws {
        let watch = JournalWatch(database: database, table: "requests", records: intake.workload.records)
        let timeline: JournalWatch.Timeline
        do {
            benchmark.startMeasurement()
            timeline = try await watch.follow(process, timeout: drainTimeout)
            benchmark.stopMeasurement()
        } catch {
            _ = await process.stop(timeout: .seconds(30))
            throw error
        }
        let peak = process.peakResidentBytes ?? 0
        let status = await process.stop(timeout: .seconds(60))
        benchmark.measurement(RecordSpan.recordsPerSecond, timeline.overall)
        benchmark.measurement(RecordSpan.recordsMeasured, intake.workload.records - 1)
        benchmark.measurement(firstThirdPerSecond, timeline.firstThird)
        benchmark.measurement(lastThirdPerSecond, timeline.lastThird)
        benchmark.measurement(processPeakResident, peak)
        if status != 0 {
            // Journaled everything, but did not drain cleanly on SIGTERM: worth knowing, not a
            // reason to throw away the measurement.
            FileHandle.standardError.write(Data("intake bench: process exited with status \(status); log \(process.logPath)\n".utf8))
        }
    }

    /// A broker whose topic holds exactly the workload's events (checked), then `body`.
    private static func withBacklog(_ intake: IntakeWorkload, _ body: (_ bootstrapServers: String) async throws -> Void) async throws {
        let workload = intake.workload
        let expected = try workload.expectedCounts(records: workload.records)
        try await BrokerScope.run(workload) { bootstrapServers in
            let producer = try KafkaProducer(
                configuration: KafkaProducerConfiguration(bootstrapServers: bootstrapServers), logger: .bench)
            do {
                let reports = Task {
                    var delivered = 0
                    for await report in producer.deliveryReports {
                        guard report.isDelivered else { return delivered }
                        delivered += 1
                        if delivered == workload.records { break }
                    }
                    return delivered
                }
                for index in 0..<workload.records {
                    _ = try await producer.enqueue(
                        KafkaProducerMessage(topic: BrokerScope.topic, key: Workload.key(index), value: intake.event(index)))
                }
                let delivered = await reports.value
                guard delivered == workload.records else {
                    throw BenchmarkFailure("backlog: \(delivered) of \(workload.records) events delivered")
                }
            } catch {
                await producer.shutdown()
                throw error
            }
            await producer.shutdown()
            try await workload.verify(topic: BrokerScope.topic, bootstrapServers: bootstrapServers, expected: expected)
            try await body(bootstrapServers)
        }
    }

    private static func environment(_ name: String) throws(BenchmarkFailure) -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            throw BenchmarkFailure("\(name) is unset: run the intake cases through scripts/bench.sh")
        }
        return value
    }

    private static func temporaryDirectory(_ label: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-intake-\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
