package import Foundation
import Planning
import Providers

// MARK: - Table and JSON

extension WorkloadEstimate {
    /// The table for the terminal: one row per provider/model/task, a total, the assumptions and
    /// the rejected lines (the first 20; the JSON lists all).
    package func render() -> String {
        let header = ["provider/model/task", "requests", "cached", "prompt tok", "output tok", "baseline", "batch-only", "planned", "minimum", "planned/min"]
        func cells(_ row: Row, name: String) -> [String] {
            [
                name, String(row.requests), String(row.cachedRequests), String(row.promptTokens), String(row.outputTokens),
                SavingsSummary.money(row.baseline), SavingsSummary.money(row.batchOnly), SavingsSummary.money(row.planned),
                SavingsSummary.money(row.minimum), Self.capturedText(row),
            ]
        }
        var table = rows.map { cells($0, name: "\($0.provider.rawValue)/\($0.model)/\($0.task)") }
        table.append(cells(totals, name: "total"))
        let widths = header.indices.map { column in ([header] + table).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        var lines = [
            "Cost estimate (nothing sent)",
            "lines \(self.lines)  accepted \(accepted)  duplicate ids \(duplicates)  rejected \(rejected.count)",
            "",
            line(header),
        ]
        lines += table.dropLast().map(line)
        lines.append(String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1)))
        lines.append(line(table[table.count - 1]))
        lines.append("")
        lines.append(
            "Assumptions: output = \(Self.decimalText(assumptions.outputRatio)) x max_tokens (embeddings: none); "
                + "tokens = characters / \(Self.decimalText(assumptions.charactersPerToken)); batch turnaround "
                + "\(Int(assumptions.expectedTurnaroundSeconds)) s (Anthropic prefixes get the \(assumptions.anthropicTTL) TTL); "
                + "up to \(assumptions.maxRequestsPerFlush) requests per flush; planned assumes the primers and fan-outs work "
                + "(each cache entry written once, read by later rounds; no expiry, no OpenAI overflow); deadlines are not modelled (all priced as batch).")
        lines.append("planned/min = (baseline - planned) / (baseline - minimum), the share of attainable savings the plan captures.")
        if !rejected.isEmpty {
            lines.append("")
            lines.append("Rejected lines:")
            for rejection in rejected.prefix(20) { lines.append("  line \(rejection.line): \(rejection.reason)") }
            if rejected.count > 20 { lines.append("  … and \(rejected.count - 20) more (see --format json)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func capturedText(_ row: Row) -> String {
        let attainable = row.baseline - row.minimum
        guard attainable != 0 else { return "n/a" }
        return String(format: "%.1f%%", NSDecimalNumber(decimal: (row.baseline - row.planned) / attainable * 100).doubleValue)
    }

    static func decimalText(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// The estimate as JSON (snake_case keys, money as JSON numbers in USD).
    package func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(EstimateJSON(self))
    }
}

/// The JSON shape of a ``WorkloadEstimate``.
private struct EstimateJSON: Encodable {
    struct RowJSON: Encodable {
        var provider: String
        var model: String
        var task: String
        var requests: Int
        var cached_requests: Int
        var prompt_tokens: Int
        var output_tokens: Int
        var baseline_usd: Decimal
        var batch_only_usd: Decimal
        var planned_usd: Decimal
        var minimum_usd: Decimal

        init(_ row: WorkloadEstimate.Row) {
            provider = row.provider.rawValue
            model = row.model
            task = row.task
            requests = row.requests
            cached_requests = row.cachedRequests
            prompt_tokens = row.promptTokens
            output_tokens = row.outputTokens
            baseline_usd = row.baseline
            batch_only_usd = row.batchOnly
            planned_usd = row.planned
            minimum_usd = row.minimum
        }
    }

    struct RejectionJSON: Encodable {
        var line: Int
        var reason: String
    }

    struct AssumptionsJSON: Encodable {
        var output_ratio: Double
        var characters_per_token: Double
        var expected_turnaround_seconds: Double
        var anthropic_ttl: String
        var max_requests_per_flush: Int
        var deadlines_modelled: Bool
    }

    var lines: Int
    var accepted: Int
    var duplicates: Int
    var rejected: [RejectionJSON]
    var rows: [RowJSON]
    var total: RowJSON
    var assumptions: AssumptionsJSON

    init(_ estimate: WorkloadEstimate) {
        lines = estimate.lines
        accepted = estimate.accepted
        duplicates = estimate.duplicates
        rejected = estimate.rejected.map { RejectionJSON(line: $0.line, reason: $0.reason) }
        rows = estimate.rows.map(RowJSON.init)
        total = RowJSON(estimate.totals)
        total.provider = "all"
        total.model = "all"
        let a = estimate.assumptions
        assumptions = AssumptionsJSON(
            output_ratio: a.outputRatio, characters_per_token: a.charactersPerToken,
            expected_turnaround_seconds: a.expectedTurnaroundSeconds, anthropic_ttl: a.anthropicTTL,
            max_requests_per_flush: a.maxRequestsPerFlush, deadlines_modelled: false)
    }
}
