package import Foundation
package import Providers

/// What `sluice bench savings` found: a row per workload and provider, each run's checks, and the
/// planning time.
package struct SavingsBenchReport: Sendable, Encodable {
    package var rows: [SavingsBenchRow]
    package var runs: [Run]
    package var planning: PlanningTiming?

    /// One pipeline run: one workload on one provider.
    package struct Run: Sendable, Hashable, Encodable {
        package var workload: BenchWorkloadName
        package var provider: Provider
        /// Records published, duplicates and all.
        package var records: Int
        /// One result per accepted request, exact DLQ, savings events within 0.5% of the ledger.
        package var checksPassed: Bool
        /// Whether every request was answered before the run's timeout.
        package var settled: Bool
        package var elapsedSeconds: Double

        private enum CodingKeys: String, CodingKey {
            case workload, provider, records, settled
            case checksPassed = "checks_passed"
            case elapsedSeconds = "elapsed_seconds"
        }
    }

    /// Every row passed and the planning time (if measured) met its goal.
    package var passed: Bool {
        rows.allSatisfy(\.passed) && runs.allSatisfy(\.settled) && (planning?.meetsGoal ?? true)
    }

    private enum CodingKeys: String, CodingKey {
        case rows, runs, planning, passed
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rows, forKey: .rows)
        try container.encode(runs, forKey: .runs)
        try container.encodeIfPresent(planning, forKey: .planning)
        try container.encode(passed, forKey: .passed)
    }

    /// The report as pretty JSON.
    package func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
