import Foundation
import Planning
import Providers

extension SavingsBenchReport {
    /// The table for the terminal: workload × provider with baseline, actual (the emulator's
    /// ledger), plain batching, minimum, captured and the pass mark; then the runs and the
    /// planning time.
    package func render() -> String {
        let header = ["workload", "provider", "requests", "baseline", "actual", "plain batch", "minimum", "captured", "target", "pass"]
        let table = rows.map { row in
            [
                row.workload.rawValue, row.provider.rawValue, String(row.requests), SavingsSummary.money(row.baseline),
                SavingsSummary.money(row.actual), SavingsSummary.money(row.plainBatch), SavingsSummary.money(row.minimum),
                Self.percent(row.captured), row.criterion, row.passed ? "PASS" : (row.meetsTarget ? "FAIL (checks)" : "FAIL"),
            ]
        }
        let widths = header.indices.map { column in ([header] + table).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column < 2 || column >= 8 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        var lines = ["Savings benchmark (actual = the emulator's ledger)", "", line(header)]
        lines += table.map(line)
        lines.append("")
        for run in runs {
            let bills = rows.filter { $0.workload == run.workload && $0.provider == run.provider }.map { row in
                "savings events \(SavingsSummary.money(row.savingsEventsActual)) vs ledger \(SavingsSummary.money(row.actual))"
            }
            lines.append(
                "\(run.workload.rawValue) on \(run.provider.rawValue): \(run.records) records, "
                    + String(format: "%.1f s", run.elapsedSeconds) + ", checks " + (run.checksPassed ? "PASS" : "FAIL")
                    + (run.settled ? "" : " (did not settle)") + "; " + bills.joined(separator: "; "))
        }
        if let planning {
            lines.append("")
            lines.append(planning.render())
        }
        lines.append("")
        lines.append("Overall: " + (passed ? "PASS" : "FAIL"))
        return lines.joined(separator: "\n") + "\n"
    }

    static func percent(_ ratio: Decimal?) -> String {
        guard let ratio else { return "n/a" }
        return String(format: "%.1f%%", NSDecimalNumber(decimal: ratio * 100).doubleValue)
    }
}
