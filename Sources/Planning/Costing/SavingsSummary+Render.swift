package import Foundation
import Providers

// MARK: - Terminal table

extension SavingsSummary {
    /// A compact table for the terminal: counts, one row per provider/model and a total, then the
    /// savings split. Money to $0.0001, captured as a percentage.
    package func render() -> String {
        let header = ["provider/model", "requests", "baseline", "actual", "minimum", "saved", "captured"]
        var table = rows.map { row in
            ["\(row.provider.rawValue)/\(row.model)", String(row.requests)] + Self.cells(row.figures)
        }
        table.append(["total", String(rows.reduce(0) { $0 + $1.requests })] + Self.cells(totals))
        let widths = header.indices.map { column in
            ([header] + table).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        var lines = [
            "Savings report",
            "events   published \(events.published)  accepted \(events.accepted)  duplicates \(events.duplicates)  dead-lettered \(events.deadLettered)",
            "results  succeeded \(results.succeeded)  failed \(results.failed)  expired \(results.expired)  canceled \(results.canceled)",
            "",
            line(header),
        ]
        lines += table.dropLast().map(line)
        lines.append(String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1)))
        lines.append(line(table[table.count - 1]))
        let split = totals.breakdown
        lines.append("")
        lines.append(
            "saved \(Self.money(split.saved)) = batch discount \(Self.money(split.batchDiscount))"
                + " + cache savings \(Self.money(split.cacheSavings)) + dedupe \(Self.money(split.dedupeSavings))")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func cells(_ figures: Figures) -> [String] {
        [money(figures.baseline), money(figures.actual), money(figures.minimum), money(figures.saved), percent(figures.captured)]
    }

    /// `$1.2346`, `-$0.0100`: rounded half away from zero to four places.
    package static func money(_ amount: Decimal) -> String {
        let text = fixed(amount, places: 4)
        return text.hasPrefix("-") ? "-$" + text.dropFirst() : "$" + text
    }

    /// `88.9%`, or `n/a` when nothing was attainable.
    static func percent(_ ratio: Decimal?) -> String {
        guard let ratio else { return "n/a" }
        return fixed(ratio * 100, places: 1) + "%"
    }

    /// `amount` rounded to `places` and printed with exactly that many decimals.
    static func fixed(_ amount: Decimal, places: Int) -> String {
        var value = amount
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, places, .plain)
        let negative = rounded < 0
        let digits = (negative ? -rounded : rounded).description
        let parts = digits.split(separator: ".", maxSplits: 1)
        let whole = parts.first.map(String.init) ?? "0"
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        fraction += String(repeating: "0", count: max(0, places - fraction.count))
        return (negative ? "-" : "") + whole + (places > 0 ? "." + fraction : "")
    }
}
