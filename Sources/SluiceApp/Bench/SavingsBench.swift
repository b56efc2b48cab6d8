import struct Emulator.LedgerSnapshot
import Foundation
import Logging
import Planning
import Providers

/// `sluice bench savings`: each workload through the real pipeline and the emulator (one run per
/// workload and provider), judged by the emulator's ledger against the
/// baseline, plain batching and the theoretical minimum; then the planner's time for a large
/// workload.
package enum SavingsBench {
    /// Runs the benchmark.
    ///
    /// - Parameters:
    ///   - options: workloads, providers, seed, scale, speed and timeouts.
    ///   - progress: gets a line per phase and the runs' progress lines.
    /// - Returns: one row per workload and provider, the runs' checks and the planning time.
    /// - Throws: ``DemoError`` for a workload over the embedded broker's guard, or what stops a run.
    package static func run(
        _ options: SavingsBenchOptions, progress: @escaping @Sendable (String) -> Void
    ) async throws -> SavingsBenchReport {
        let priceBook = try PriceBook.bundled()
        var rows: [SavingsBenchRow] = []
        var runs: [SavingsBenchReport.Run] = []
        for name in options.workloads {
            // One run per provider, each with its own emulator: providers do not share capacity,
            // so one provider's queue must not delay another's fan-out past its cache lifetime.
            for provider in BenchWorkload.providers(of: name, among: options.providers) {
                let workload = BenchWorkload.generate(name, providers: [provider], seed: options.seed, scale: options.scale)
                progress("\(name.rawValue) on \(provider.rawValue): \(workload.expected.accepted.count) requests")
                var demo = DemoOptions()
                demo.seed = options.seed
                demo.speedup = options.speedup
                demo.timeout = options.timeoutPerRun
                demo.logger = options.logger
                let run = try await DemoRunner.run(demo, workload: workload) { line in progress("  " + line) }
                rows += try Self.rows(of: run, workload: name, providers: [provider], priceBook: priceBook)
                if let directory = options.ledgerDirectory {
                    try Self.write(run.emulatorLedger, to: directory, workload: name, provider: provider)
                }
                runs.append(
                    SavingsBenchReport.Run(
                        workload: name, provider: provider, records: workload.records.count,
                        checksPassed: run.report.checks.passed, settled: run.settled,
                        elapsedSeconds: run.report.elapsedSeconds))
            }
        }
        var planning: PlanningTiming?
        // CPU-bound and synchronous, but it runs after every pipeline run has ended: nothing
        // else is waiting for the cooperative pool by then.
        if options.planningRequests > 0 {
            progress("planning time: \(options.planningRequests) requests")
            planning = try PlanningTimeBench.measure(
                requests: options.planningRequests, seed: options.seed, workload: options.planningWorkload)
        }
        return SavingsBenchReport(rows: rows, runs: runs, planning: planning)
    }

    /// Writes one run's emulator ledger as JSON.
    static func write(_ ledger: LedgerSnapshot, to directory: URL, workload: BenchWorkloadName, provider: Provider) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try ledger.writeJSON(to: directory.appendingPathComponent("\(workload.rawValue)-\(provider.rawValue).ledger.json"))
    }

    /// One row per provider of a finished run.
    static func rows(
        of run: DemoRun, workload: BenchWorkloadName, providers: [Provider], priceBook: PriceBook
    ) throws -> [SavingsBenchRow] {
        var rows: [SavingsBenchRow] = []
        for provider in providers {
            let summaryRows = run.report.summary.rows.filter { $0.provider == provider }
            var requests = 0
            var plainBatch = Decimal(0)
            var models = Set(summaryRows.map(\.model))
            for events in run.observed.results.values {
                guard let result = events.first, result.provider.rawValue == provider.rawValue else { continue }
                requests += 1
                models.insert(result.model)
                guard result.usage.promptTokens > 0 || result.usage.outputTokens > 0 else { continue }
                let rates = try priceBook.rates(provider: provider, model: result.model, mode: .batch, promptTokens: result.usage.promptTokens)
                plainBatch += Decimal(result.usage.promptTokens) * rates.input / 1_000_000
                    + Decimal(result.usage.outputTokens) * rates.output / 1_000_000
            }
            rows.append(
                SavingsBenchRow(
                    workload: workload, provider: provider, models: models.sorted(), requests: requests,
                    baseline: summaryRows.reduce(0) { $0 + $1.figures.baseline },
                    actual: run.emulatorBilledUSD[provider] ?? 0,
                    savingsEventsActual: summaryRows.reduce(0) { $0 + $1.figures.actual },
                    plainBatch: plainBatch,
                    minimum: summaryRows.reduce(0) { $0 + $1.figures.minimum },
                    checksPassed: Self.checksPassed(run, provider: provider)))
        }
        return rows
    }

    /// The run's delivery checks (one result per accepted request, exact DLQ, settled in time)
    /// and, for this provider alone, the savings events' bill within 0.5% of the ledger's.
    static func checksPassed(_ run: DemoRun, provider: Provider) -> Bool {
        let checks = run.report.checks
        guard run.settled, checks.missingResults == 0, checks.duplicateResults == 0,
            checks.deadLetterSeen == checks.deadLetterExpected
        else { return false }
        let ledger = run.emulatorBilledUSD[provider] ?? 0
        let events = run.report.summary.rows.filter { $0.provider == provider }.reduce(Decimal(0)) { $0 + $1.figures.actual }
        let difference = ledger > events ? ledger - events : events - ledger
        return difference <= ledger * Decimal(string: "0.005")!
    }
}
