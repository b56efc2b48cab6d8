import ArgumentParser
import Foundation
import SluiceApp

/// `sluice estimate`: a dry run over a workload file, before anything is spent.
struct EstimateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Estimate what a workload file would cost: baseline, batch-only, planned and minimum.",
        discussion: """
            FILE holds request events as JSON lines (the llm.requests payload, one per line). Each line \
            is validated and rendered as the intake does (bad lines are counted and listed, not fatal; a \
            repeated tenant/id is dropped as the journal would), grouped into the accumulator's buckets and \
            planned by the planner. Prices: baseline = realtime list price without caching; batch-only = \
            batch prices without caching; planned = batch prices with the planner's cache plan, assuming \
            its primer and fan-out work; minimum = the theoretical lowest bill (DESIGN §2). Tokens are \
            estimated at 4 characters a token; output tokens are unknown before running and assumed to be \
            --output-ratio x max_tokens. No network, no Kafka.
            """
    )

    @Argument(help: "The workload: request events as JSON lines.") var file: String
    @Option(help: "A Sluice configuration file whose tasks, prices_file and batching to use (default: SLUICE_CONFIG, else the demo's tasks).")
    var tasks: String?
    @Option(help: "table or json.") var format = "table"
    @Option(help: "Output tokens per chat request as a share of its max_tokens (0 to 1).")
    var outputRatio = 0.25

    func run() throws {
        guard format == "table" || format == "json" else { throw ValidationError("--format must be table or json") }
        guard (0...1).contains(outputRatio) else { throw ValidationError("--output-ratio must be between 0 and 1") }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw ValidationError("cannot read '\(file)': \(error.localizedDescription)")
        }
        let (estimator, source) = try WorkloadEstimator.configured(
            tasksFile: tasks, environment: ProcessInfo.processInfo.environment, outputRatio: outputRatio)
        let estimate = try estimator.estimate(jsonLines: data)
        if format == "json" {
            FileHandle.standardOutput.write(try estimate.json())
            print()
        } else {
            print("Workload \(file), \(source)")
            print(estimate.render(), terminator: "")
        }
    }
}
