import Foundation
import Logging
import Planning
import SluiceApp
import Testing

/// The whole pipeline on the embedded broker and the emulator, judged from outside: what a
/// downstream consumer reads from Kafka, and what the emulator itself billed.
@Suite("End to end: the demo workload", .timeLimit(.minutes(2)))
struct DemoEndToEndTests {
    @Test("every accepted event gets exactly one result, the DLQ gets exactly the bad records, savings match the bill")
    func demoWorkloadSettles() async throws {
        var options = DemoOptions()
        options.seed = 11
        options.documentsPerTenant = 12
        options.timeout = .seconds(90)
        var logger = Logger(label: "test.demo")
        logger.logLevel = .warning
        options.logger = logger
        let report = try await DemoRunner.run(options) { _ in }
        let checks = report.checks
        #expect(checks.missingResults == 0)
        #expect(checks.duplicateResults == 0)
        #expect(checks.deadLetterSeen == checks.deadLetterExpected)
        #expect(checks.deadLetterExpected > 0)
        #expect(checks.emulatorBilledUSD > 0)
        #expect(checks.billDifferenceRatio <= 0.005, "savings events \(checks.savingsActualUSD) vs emulator \(checks.emulatorBilledUSD)")
        #expect(report.summary.results.succeeded == report.summary.events.accepted)
        #expect(report.summary.events.duplicates > 0)
        // Plain batching would save exactly the batch discount; the planner must add cache savings.
        let totals = report.summary.totals
        #expect(totals.breakdown.cacheSavings > 0)
        #expect(totals.actual < totals.baseline / 2)
        let json = try JSONSerialization.jsonObject(with: try report.json()) as? [String: Any]
        #expect((json?["checks"] as? [String: Any])?["passed"] as? Bool == true)
    }
}
