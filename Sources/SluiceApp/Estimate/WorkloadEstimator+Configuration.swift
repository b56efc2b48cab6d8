import Foundation
import Planning
import Providers

extension WorkloadEstimator {
    /// Where the estimator's tasks came from, for the report's first line.
    package enum TaskSource: Sendable, Hashable, CustomStringConvertible {
        case file(String)
        case demo

        package var description: String {
            switch self {
            case .file(let path): "tasks from \(path)"
            case .demo: "the demo's tasks (no --tasks and no SLUICE_CONFIG)"
            }
        }
    }

    /// An estimator configured like the service: tasks, price-book override, turnaround and
    /// chunk size from a Sluice configuration file (`--tasks`, else `SLUICE_CONFIG`), or the
    /// demo's tasks and the bundled prices when neither is given.
    ///
    /// - Parameters:
    ///   - tasksFile: a Sluice configuration file (its `tasks:`, `prices_file` and `batching:`).
    ///   - environment: the process environment (`SLUICE_*` variables apply as in `sluice serve`).
    ///   - outputRatio: output tokens as a share of `max_tokens`.
    /// - Throws: ``SluiceConfigurationError`` for a bad file, or a price-book error.
    package static func configured(
        tasksFile: String?, environment: [String: String], outputRatio: Double
    ) throws -> (estimator: WorkloadEstimator, source: TaskSource) {
        var environment = environment
        if let tasksFile { environment["SLUICE_CONFIG"] = tasksFile }
        guard let path = environment["SLUICE_CONFIG"], !path.isEmpty else {
            let estimator = WorkloadEstimator(tasks: DemoWorkload.demoTasks, priceBook: try PriceBook.bundled(), outputRatio: outputRatio)
            return (estimator, .demo)
        }
        let configuration = try SluiceConfiguration.load(environment: environment)
        let estimator = WorkloadEstimator(
            tasks: configuration.tasks, priceBook: try PriceBook.load(overrideFile: configuration.priceBookOverride),
            planner: PlannerSettings(expectedTurnaround: configuration.batching.expectedTurnaround),
            maxRequestsPerFlush: configuration.batching.maxRequests, outputRatio: outputRatio)
        return (estimator, .file(path))
    }
}
