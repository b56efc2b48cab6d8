import Foundation
import Planning
import Providers
import Testing

@testable import SluiceApp

/// `sluice estimate` over a small file whose figures were worked out by hand from the bundled
/// price book (claude-sonnet-4-5: realtime 3 / 15, batch 1.50 / 7.50, batch 1-hour write 3.00,
/// batch 5-minute write 1.875, batch read 0.15; text-embedding-3-small: 0.02, batch 0.01; per
/// million tokens).
@Suite("WorkloadEstimator", .timeLimit(.minutes(1)))
struct EstimateTests {
    /// A 6,000-character system prompt (1,500 estimated tokens, over Sonnet's 1,024 minimum with
    /// the planner's 15% margin) and a 400-character document (100 tokens): 1,600 prompt tokens.
    static let system = String(repeating: "Shared rules. ", count: 428) + "Done now"  // 6,000 characters
    static let tasks: [String: TaskTemplate] = [
        "judge": TaskTemplate(provider: "anthropic", model: "claude-sonnet-4-5", system: [system], maxTokens: 100),
        "embed": TaskTemplate(kind: .embedding, provider: "openai", model: "text-embedding-3-small"),
    ]

    static func line(tenant: String = "acme", id: String, task: String, text: String) -> String {
        let event = RequestEvent(id: id, tenant: tenant, mode: .task(name: task, document: Document(id: id, text: text)))
        return String(decoding: try! event.encodedJSON(), as: UTF8.self)
    }

    /// 400 characters (100 tokens), different for every `number`: identical requests would
    /// count once in the minimum.
    static func text(_ number: Int) -> String {
        String(repeating: "word ", count: 79) + String(format: "n%04d", number)
    }

    static let file: Data = {
        let lines = [
            line(id: "d1", task: "judge", text: text(1)),
            line(id: "d2", task: "judge", text: text(2)),
            "",
            line(id: "d3", task: "judge", text: text(3)),
            line(id: "d4", task: "judge", text: text(4)),
            line(id: "d2", task: "judge", text: text(2)),  // line 6: a re-sent id
            "tenant,id,task",  // line 7: not JSON
            line(id: "d5", task: "translate", text: text(5)),  // line 8: unknown task
            line(id: "e1", task: "embed", text: text(6)),
            line(id: "e2", task: "embed", text: text(7)),
        ]
        return Data(lines.joined(separator: "\n").utf8)
    }()

    @Test("figures match the hand-worked prices; bad lines are listed, re-sent ids dropped")
    func handChecked() throws {
        #expect(Self.system.count == 6_000)
        let estimator = WorkloadEstimator(tasks: Self.tasks, priceBook: try PriceBook.bundled(), outputRatio: 0.5)
        let estimate = try estimator.estimate(jsonLines: Self.file)
        #expect(estimate.lines == 9)
        #expect(estimate.accepted == 6)
        #expect(estimate.duplicates == 1)
        #expect(estimate.rejected.map(\.line) == [7, 8])
        #expect(estimate.rejected.last?.reason.contains("unknown_task") == true)
        #expect(estimate.rows.count == 2)

        let judge = try #require(estimate.rows.first { $0.task == "judge" })
        #expect(judge.requests == 4)
        #expect(judge.promptTokens == 4 * 1_600)
        #expect(judge.outputTokens == 4 * 50)
        // Baseline: 1,600 × 3 + 50 × 15 per million = $0.00555 a request.
        #expect(judge.baseline == Decimal(string: "0.0222"))
        // Batch: 1,600 × 1.50 + 50 × 7.50 = $0.002775 a request.
        #expect(judge.batchOnly == Decimal(string: "0.0111"))
        // Four cold requests: a primer writes 1,500 tokens at the 1-hour price (turnaround 1 h),
        // the other three read them: 0.005025 + 3 × 0.00075.
        #expect(judge.cachedRequests == 4)
        #expect(judge.planned == Decimal(string: "0.007275"))
        // Minimum: one write at the 5-minute price, three reads: 0.0033375 + 3 × 0.00075.
        #expect(judge.minimum == Decimal(string: "0.0055875"))

        let embed = try #require(estimate.rows.first { $0.task == "embed" })
        #expect(embed.requests == 2)
        #expect(embed.outputTokens == 0)
        #expect(embed.baseline == Decimal(string: "0.000004"))
        #expect(embed.batchOnly == Decimal(string: "0.000002"))
        #expect(embed.planned == embed.batchOnly)
        #expect(embed.minimum == embed.batchOnly)

        let total = estimate.totals
        #expect(total.planned == Decimal(string: "0.007277"))
        #expect(total.minimum == Decimal(string: "0.0055895"))
        let table = estimate.render()
        #expect(table.contains("0.5 x max_tokens"))
        #expect(table.contains("line 7:"))
        let json = try JSONSerialization.jsonObject(with: try estimate.json()) as? [String: Any]
        #expect((json?["rejected"] as? [Any])?.count == 2)
        #expect(((json?["assumptions"] as? [String: Any])?["output_ratio"] as? Double) == 0.5)
    }

    @Test("identical requests under different ids count once in the minimum")
    func identicalCountOnce() throws {
        let estimator = WorkloadEstimator(tasks: Self.tasks, priceBook: try PriceBook.bundled(), outputRatio: 0.5)
        let same = (1...4).map { Self.line(id: "d\($0)", task: "judge", text: Self.text(1)) }
        let row = try #require(try estimator.estimate(jsonLines: Data(same.joined(separator: "\n").utf8)).rows.first)
        #expect(row.batchOnly == Decimal(string: "0.0111"))
        #expect(row.minimum == Decimal(string: "0.002775"))
    }

    @Test("a prefix nobody shares is priced at batch rates, never cached")
    func unsharedNotCached() throws {
        let estimator = WorkloadEstimator(tasks: Self.tasks, priceBook: try PriceBook.bundled())
        let one = Data(Self.line(id: "only", task: "judge", text: "short document").utf8)
        let estimate = try estimator.estimate(jsonLines: one)
        let row = try #require(estimate.rows.first)
        #expect(row.cachedRequests == 0)
        #expect(row.planned == row.batchOnly)
        #expect(row.minimum == row.batchOnly)
    }

    @Test("a configuration file supplies the tasks and the turnaround (a 5-minute TTL under 4 minutes)")
    func configurationFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-estimate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("sluice.yaml")
        try """
            batching:
              expected_turnaround: 2m
            tasks:
              judge:
                provider: anthropic
                model: claude-sonnet-4-5
                system: "\(Self.system)"
                max_tokens: 100
            """.write(to: config, atomically: true, encoding: .utf8)
        let (estimator, source) = try WorkloadEstimator.configured(tasksFile: config.path, environment: [:], outputRatio: 0.5)
        #expect(source == .file(config.path))
        let text = (1...4).map { Self.line(id: "d\($0)", task: "judge", text: Self.text($0)) }
        let estimate = try estimator.estimate(jsonLines: Data(text.joined(separator: "\n").utf8))
        let row = try #require(estimate.rows.first)
        #expect(estimate.assumptions.anthropicTTL == "5m")
        // The primer now writes at the 5-minute price, so the plan meets the minimum.
        #expect(row.planned == Decimal(string: "0.0055875"))
        #expect(row.planned == row.minimum)
    }

    @Test("every accepted request is priced once, also when sub-groups are primed over many rounds")
    func everyRequestPriced() throws {
        // The document mix with each document sent under 6 ids: identical final blocks cluster,
        // and the clusters are primed in turn over more rounds than a fixed bound allowed (the
        // requests left after it were once dropped from the figures).
        let workload = BenchWorkload.generate(.documentMix, providers: [.anthropic], seed: 7)
        var lines: [String] = []
        for copy in 0..<6 {
            for record in workload.records {
                guard var event = try? JSONSerialization.jsonObject(with: record.value) as? [String: Any],
                    let id = event["id"] as? String
                else { continue }
                event["id"] = "\(id)-\(copy)"
                lines.append(String(decoding: try JSONSerialization.data(withJSONObject: event), as: UTF8.self))
            }
        }
        let estimator = WorkloadEstimator(tasks: workload.tasks, priceBook: try PriceBook.bundled())
        let estimate = try estimator.estimate(jsonLines: Data(lines.joined(separator: "\n").utf8))
        #expect(estimate.accepted == lines.count)
        #expect(estimate.totals.requests == estimate.accepted)
        #expect(estimate.totals.planned < estimate.totals.batchOnly)
    }
}
