package import Foundation
package import Planning

/// The demo's outcome: the savings summary and the checks that make it trustworthy.
package struct DemoReport: Sendable, Encodable {
    package var summary: SavingsSummary
    package var checks: Checks
    package var elapsedSeconds: Double

    /// What must hold for the demo to pass.
    package struct Checks: Sendable, Encodable {
        /// Accepted requests with no result.
        package var missingResults: Int
        /// Requests with more than one distinct result record (redeliveries with the same
        /// `ce_id` are not counted: downstream deduplicates those).
        package var duplicateResults: Int
        package var deadLetterExpected: Int
        package var deadLetterSeen: Int
        /// What the savings events say was billed, against what the emulator itself billed.
        package var savingsActualUSD: Decimal
        package var emulatorBilledUSD: Decimal
        package var billDifferenceRatio: Double

        package var passed: Bool {
            missingResults == 0 && duplicateResults == 0 && deadLetterExpected == deadLetterSeen
                && billDifferenceRatio <= 0.005
        }

        enum CodingKeys: String, CodingKey {
            case missingResults = "missing_results"
            case duplicateResults = "duplicate_results"
            case deadLetterExpected = "dead_letter_expected"
            case deadLetterSeen = "dead_letter_seen"
            case savingsActualUSD = "savings_actual_usd"
            case emulatorBilledUSD = "emulator_billed_usd"
            case billDifferenceRatio = "bill_difference_ratio"
            case passed
        }

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(missingResults, forKey: .missingResults)
            try container.encode(duplicateResults, forKey: .duplicateResults)
            try container.encode(deadLetterExpected, forKey: .deadLetterExpected)
            try container.encode(deadLetterSeen, forKey: .deadLetterSeen)
            try container.encode(savingsActualUSD, forKey: .savingsActualUSD)
            try container.encode(emulatorBilledUSD, forKey: .emulatorBilledUSD)
            try container.encode(billDifferenceRatio, forKey: .billDifferenceRatio)
            try container.encode(passed, forKey: .passed)
        }
    }

    enum CodingKeys: String, CodingKey {
        case summary, checks
        case elapsedSeconds = "elapsed_seconds"
    }

    package func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// The summary table and the checks, for the terminal.
    package func render() -> String {
        var text = summary.render()
        let mark = checks.passed ? "PASS" : "FAIL"
        text += "\nChecks: \(mark) — missing results \(checks.missingResults), duplicate results \(checks.duplicateResults), "
        text += "dead letters \(checks.deadLetterSeen)/\(checks.deadLetterExpected), "
        text += "savings events bill \(SavingsSummary.money(checks.savingsActualUSD)) vs emulator \(SavingsSummary.money(checks.emulatorBilledUSD)) "
        text += String(format: "(%.3f%% apart)", checks.billDifferenceRatio * 100)
        text += String(format: "; %.1f s\n", elapsedSeconds)
        return text
    }
}
