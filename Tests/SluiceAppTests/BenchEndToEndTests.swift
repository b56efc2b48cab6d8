import Foundation
import Logging
import Providers
import Testing

@testable import SluiceApp

/// One small savings-benchmark run through the whole pipeline: the row's bill is the emulator's
/// ledger and agrees with what the savings events say.
@Suite("Savings benchmark end to end", .timeLimit(.minutes(1)))
struct BenchEndToEndTests {
    @Test("a small document mix on OpenAI: the report's bill equals the emulator's, and caching beats plain batching")
    func smallRun() async throws {
        var options = SavingsBenchOptions()
        options.workloads = [.documentMix]
        options.providers = [.openai]
        options.scale = BenchScale(
            mixDocuments: 4, tenants: 1, documentsPerTenant: 1, uniqueRequests: 1, duplicateDocuments: 1, embeddingDocuments: 1)
        options.seed = 21
        // At 10x a 5-minute cache entry lives 30 real seconds: a loaded machine's delay between
        // primer and fan-out does not expire it (at 60x it did, once, and nothing was read).
        options.speedup = 10
        options.timeoutPerRun = .seconds(45)
        options.planningRequests = 0
        var logger = Logger(label: "test.bench")
        logger.logLevel = .warning
        options.logger = logger
        let report = try await SavingsBench.run(options) { _ in }
        let row = try #require(report.rows.first)
        #expect(report.rows.count == 1)
        #expect(report.runs.first?.settled == true)
        #expect(row.checksPassed)
        #expect(row.requests == 12)
        #expect(row.actual > 0)
        let difference = abs(NSDecimalNumber(decimal: row.actual - row.savingsEventsActual).doubleValue)
        #expect(difference <= NSDecimalNumber(decimal: row.actual).doubleValue * 0.005, "ledger \(row.actual) vs savings events \(row.savingsEventsActual)")
        #expect(row.actual < row.plainBatch)
        #expect(row.plainBatch < row.baseline)
        #expect(row.minimum <= row.actual)
        #expect(report.planning == nil)
        #expect(report.render().contains("document-mix"))
    }
}
