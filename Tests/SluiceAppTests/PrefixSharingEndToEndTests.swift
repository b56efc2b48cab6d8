import Foundation
import Logging
import Planning
import Providers
import Testing

@testable import SluiceApp

/// The prefix-sharing workloads through the whole pipeline on the emulator: a preamble shared by
/// three buckets is written once, and the bill agrees with the savings events.
@Suite("Prefix sharing end to end", .timeLimit(.minutes(2)))
struct PrefixSharingEndToEndTests {
    static let scale = BenchScale(
        mixDocuments: 6, tenants: 1, documentsPerTenant: 1, uniqueRequests: 1, duplicateDocuments: 1, embeddingDocuments: 1)

    func run(_ name: BenchWorkloadName, _ provider: Provider) async throws -> (DemoRun, SavingsBenchRow) {
        let workload = BenchWorkload.generate(name, providers: [provider], seed: 31, scale: Self.scale)
        var options = DemoOptions()
        options.seed = 31
        options.timeout = .seconds(100)
        var logger = Logger(label: "test.prefix-sharing")
        logger.logLevel = .warning
        options.logger = logger
        let run = try await DemoRunner.run(options, workload: workload) { _ in }
        let row = try #require(try SavingsBench.rows(of: run, workload: name, providers: [provider], priceBook: PriceBook.bundled()).first)
        return (run, row)
    }

    @Test("shared preamble on Anthropic: written once across three buckets per the emulator's usage; bill and savings agree")
    func sharedPreambleOnce() async throws {
        let (run, row) = try await run(.sharedPreamble, .anthropic)
        #expect(run.settled)
        #expect(row.checksPassed)
        #expect(row.requests == 18)
        let results = run.observed.results.values.compactMap(\.first)
        #expect(results.count == 18 && results.allSatisfy { $0.status == .succeeded })
        // Writers: the first primer writes the preamble and its task's part (and reads nothing);
        // the other two primers read the preamble and write only their own part.
        let writers = results.filter { $0.usage.cacheWriteInputTokens > 0 }
        let fresh = writers.filter { $0.usage.cacheReadInputTokens == 0 }
        #expect(writers.count == 3, "writers: \(writers.map { ($0.id, $0.usage) })")
        #expect(fresh.count == 1, "wrote the preamble: \(fresh.map(\.id))")
        let preambleReads = Set(writers.filter { $0.usage.cacheReadInputTokens > 0 }.map(\.usage.cacheReadInputTokens))
        #expect(preambleReads.count == 1)
        if let preamble = preambleReads.first, let first = fresh.first {
            #expect(preamble > 3_000 && preamble < first.usage.cacheWriteInputTokens)
        }
        // Everyone else reads its task's whole prefix.
        #expect(results.filter { $0.usage.cacheWriteInputTokens == 0 && $0.usage.cacheReadInputTokens > 0 }.count == 15)
        #expect(row.actual < row.plainBatch)
        #expect(row.minimum <= row.actual)
        let difference = abs(NSDecimalNumber(decimal: row.actual - row.savingsEventsActual).doubleValue)
        #expect(difference <= NSDecimalNumber(decimal: row.actual).doubleValue * 0.005)
        print("shared-preamble anthropic: baseline \(row.baseline) actual \(row.actual) plain \(row.plainBatch) minimum \(row.minimum) captured \(row.captured.map { "\($0)" } ?? "-")")
    }

    @Test("single block on Anthropic: the instructions split off and cached, beating plain batching; bill and savings agree")
    func singleBlockSplit() async throws {
        let (run, row) = try await run(.singleBlock, .anthropic)
        #expect(run.settled)
        #expect(row.checksPassed)
        #expect(row.requests == 12)
        let results = run.observed.results.values.compactMap(\.first)
        // One write per instruction family (its primer), every other request reads.
        #expect(results.filter { $0.usage.cacheWriteInputTokens > 0 }.count == 2)
        #expect(results.filter { $0.usage.cacheReadInputTokens > 0 }.count == 10)
        #expect(row.actual < row.plainBatch)
        #expect(row.minimum <= row.actual)
        print("single-block anthropic: baseline \(row.baseline) actual \(row.actual) plain \(row.plainBatch) minimum \(row.minimum) captured \(row.captured.map { "\($0)" } ?? "-")")
    }

    @Test("both workloads on OpenAI and Gemini: never above plain batching, the minimum below the bill, bill and savings agree")
    func otherProviders() async throws {
        var options = SavingsBenchOptions()
        options.workloads = [.sharedPreamble, .singleBlock]
        options.providers = [.openai, .gemini]
        options.scale = Self.scale
        options.seed = 31
        options.timeoutPerRun = .seconds(60)
        options.planningRequests = 0
        var logger = Logger(label: "test.prefix-sharing")
        logger.logLevel = .warning
        options.logger = logger
        let report = try await SavingsBench.run(options) { _ in }
        #expect(report.rows.count == 4)
        for row in report.rows {
            #expect(row.checksPassed, "\(row.workload) \(row.provider)")
            #expect(row.meetsTarget, "\(row.workload) \(row.provider): actual \(row.actual) plain \(row.plainBatch)")
            // The minimum's prefix lengths are estimates in the provider's tokens (a calibrated
            // mean below 20 requests a node): where automatic caching reads exactly what it can,
            // the bill may come out a little under it. Allow 3%, no more.
            #expect(row.minimum <= row.actual * Decimal(1.03), "\(row.workload) \(row.provider)")
            print("\(row.workload.rawValue) \(row.provider.rawValue): baseline \(row.baseline) actual \(row.actual) plain \(row.plainBatch) minimum \(row.minimum) captured \(row.captured.map { "\($0)" } ?? "-")")
        }
    }
}
