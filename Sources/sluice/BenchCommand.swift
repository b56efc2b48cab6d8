import ArgumentParser
import Foundation
import Logging
import SluiceApp

/// `sluice bench`: benchmarks of the whole product.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks of the whole product on the embedded broker and the emulator.",
        subcommands: [Savings.self]
    )

    /// `sluice bench savings`.
    struct Savings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "savings",
            abstract: "Run deterministic workloads through the pipeline and the emulator and compare the bill with baseline, plain batching and the minimum.",
            discussion: """
                Workloads: document-mix (3 task prefixes of about 2k, 6k and 12k tokens, documents of 300 to \
                5,000 tokens), many-tenants (each tenant its own prefix), no-sharing (every request its own \
                long system prompt), duplicates (the document mix with 20% duplicates), embeddings, \
                shared-preamble (3 tasks whose system opens with one 3.5k-token preamble) and single-block \
                (instructions and document in one user block). Each \
                workload runs once per provider through the real pipeline, on an embedded broker and a fresh \
                emulator (claude-sonnet-4-5, gpt-5-mini, gemini-2.5-flash; text-embedding-3-small and \
                gemini-embedding-001 for embeddings). Actual is the emulator's ledger, cross-checked with the \
                savings events. Pass: captured >= 97% on the document mix, actual <= plain batching elsewhere. \
                Then the planner's time for --planning-requests requests (goal: under 1 s). Exits 1 if anything fails.
                """
        )

        @Option(help: "document-mix, many-tenants, no-sharing, duplicates, embeddings, shared-preamble, single-block, all, or none (planning time only).")
        var workload = "all"
        @Option(help: "anthropic, openai, gemini or all.") var provider = "all"
        @Option(help: "Seed of the workloads and the emulator.") var seed: UInt64 = 5
        @Option(help: "Emulated seconds per real second (60 keeps the pipeline's loops at production-like emulated delays).")
        var speedup = 60.0
        @Option(help: "Give up on one workload's run after this many seconds.") var timeout = 150
        @Option(help: "Requests for the planning-time measurement (0 skips it).") var planningRequests = 100_000
        @Option(help: "Request shape of the planning-time measurement: document-mix or single-block (block splitting).")
        var planningWorkload = "document-mix"
        @Option(help: "Also write the report as JSON to this file.") var report: String?
        @Option(help: "Also write each run's emulator ledger (every billed item) as JSON into this directory.")
        var ledgerDir: String?
        @Option(help: "Only write the selected workloads as JSON lines plus a tasks file per provider into this directory (for `sluice estimate`), then exit.")
        var writeWorkloads: String?
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            var options = SavingsBenchOptions()
            if workload == "none" {
                options.workloads = []
            } else if workload != "all" {
                guard let name = BenchWorkloadName(rawValue: workload) else {
                    throw ValidationError("--workload must be one of \(BenchWorkloadName.allCases.map(\.rawValue).joined(separator: ", ")) or all")
                }
                options.workloads = [name]
            }
            guard options.selectProviders(provider) else {
                throw ValidationError("--provider must be anthropic, openai, gemini or all")
            }
            if let writeWorkloads {
                let files = try BenchWorkload.export(
                    to: URL(fileURLWithPath: writeWorkloads, isDirectory: true), names: options.workloads,
                    providers: options.providers, seed: seed)
                for file in files { print(file.path) }
                return
            }
            guard planningRequests >= 0 else { throw ValidationError("--planning-requests must not be negative") }
            options.seed = seed
            options.speedup = speedup
            options.timeoutPerRun = .seconds(timeout)
            options.planningRequests = planningRequests
            options.ledgerDirectory = ledgerDir.map { URL(fileURLWithPath: $0, isDirectory: true) }
            guard let shape = BenchWorkloadName(rawValue: planningWorkload), shape == .documentMix || shape == .singleBlock else {
                throw ValidationError("--planning-workload must be document-mix or single-block")
            }
            options.planningWorkload = shape
            var logger = try logging.bootstrap(label: "sluice.bench")
            if logging.logLevel == "info" { logger.logLevel = .warning }
            options.logger = logger
            let outcome = try await SavingsBench.run(options) { line in
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
            print(outcome.render(), terminator: "")
            if let report {
                try outcome.json().write(to: URL(fileURLWithPath: report))
            }
            guard outcome.passed else { throw ExitCode(1) }
        }
    }
}
