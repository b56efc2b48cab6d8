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
}
