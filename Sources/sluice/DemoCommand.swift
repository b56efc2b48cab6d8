import ArgumentParser
import Foundation
import Logging
import SluiceApp

/// `sluice demo`: the whole product on the embedded defaults, with a savings report.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run Sluice end to end on an embedded broker and the provider emulator, then report savings.",
        discussion: """
            Publishes a generated document workload (two tenants, four tasks with long shared instructions, \
            some duplicates and malformed records) to an embedded Kafka broker, runs the pipeline against the \
            in-process emulator of Anthropic, OpenAI and Gemini, reads the results like a downstream consumer, \
            and prints baseline, actual, theoretical minimum and captured savings. Exits 0 only when every \
            accepted event has exactly one result, the dead-letter topic holds exactly the bad records, and \
            the savings events agree with the emulator's own bill within 0.5%.
            """
    )

    @Option(help: "Seed of the generated workload.") var seed: UInt64 = 7
    @Option(help: "Documents per tenant.") var documents = 120
    @Option(help: "Emulated seconds per real second (the prompt caches expire on the emulated clock too).") var speedup = 60.0
    @Option(help: "Give up after this many seconds.") var timeout = 110
    @Option(help: "Also write the report as JSON to this file.") var report: String?
    @Option(help: "Keep the pipeline's state in this directory (default: a temporary one).") var dataDir: String?
    @Option(help: "Also write the emulator's ledger, item by item (cache reads and writes per request), as JSON to this file.")
    var ledger: String?
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        var options = DemoOptions()
        options.seed = seed
        options.documentsPerTenant = documents
        options.speedup = speedup
        options.timeout = .seconds(timeout)
        options.dataDirectory = dataDir.map { URL(fileURLWithPath: $0, isDirectory: true) }
        options.ledgerFile = ledger.map { URL(fileURLWithPath: $0) }
        var logger = try logging.bootstrap(label: "sluice.demo")
        if logging.logLevel == "info" { logger.logLevel = .warning }
        options.logger = logger
        FileHandle.standardError.write(Data("Sluice demo: embedded broker, provider emulator at \(Int(speedup))x, \(documents) documents per tenant\n".utf8))
        let outcome = try await DemoRunner.run(options) { line in
            FileHandle.standardError.write(Data(("  " + line + "\n").utf8))
        }
        print(outcome.render())
        if let report {
            try outcome.json().write(to: URL(fileURLWithPath: report))
        }
        guard outcome.checks.passed else { throw ExitCode(1) }
    }
}
