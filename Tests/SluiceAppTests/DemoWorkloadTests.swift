import Foundation
import Planning
import Providers
import Testing

@testable import SluiceApp

@Suite("DemoWorkload", .timeLimit(.minutes(1)))
struct DemoWorkloadTests {
    /// Generated once for the suite: the default size, as the demo uses it.
    static let workload = DemoWorkload.generate(seed: 42)

    @Test("murmur2 matches Kafka's Java vectors, and partitions match librdkafka's murmur2 partitioner")
    func murmur2() {
        // Kafka's UtilsTest.testMurmur2 (signed Java ints) and librdkafka's rdmurmur2 unit test ("kafka", "").
        let vectors: [(String, Int32)] = [
            ("21", -973_932_308), ("foobar", -790_332_482), ("a-little-bit-long-string", -985_981_536),
            ("a-little-bit-longer-string", -1_486_304_829), ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971),
            ("abc", 479_470_107), ("kafka", Int32(bitPattern: 0xD067_CF64)), ("", Int32(bitPattern: 0x106E_08D9)),
        ]
        for (key, expected) in vectors {
            #expect(Int32(bitPattern: KafkaKeyPartitioner.murmur2(Array(key.utf8))) == expected, "\(key)")
        }
        // Measured with rd_kafka_msg_partitioner_murmur2 from librdkafka 2.0.2, 12 partitions.
        let partitions: [(String, Int)] = [
            ("21", 0), ("foobar", 6), ("a-little-bit-long-string", 8), ("a-little-bit-longer-string", 11),
            ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", 5), ("abc", 3), ("kafka", 4), ("", 9),
            ("acme/doc-000001", 11), ("globex/doc-000042", 9),
        ]
        for (key, expected) in partitions {
            #expect(KafkaKeyPartitioner.partition(key: Array(key.utf8), partitions: 12) == expected, "\(key)")
        }
    }

    @Test("the same seed gives the same bytes; another seed does not")
    func deterministic() {
        let again = DemoWorkload.generate(seed: 42)
        #expect(again.records == Self.workload.records)
        #expect(again.expected == Self.workload.expected)
        let other = DemoWorkload.generate(seed: 43)
        #expect(other.records != Self.workload.records)
        #expect(other.tasks == Self.workload.tasks, "task prefixes are fixed, so caches carry across runs")
    }

    @Test("generation is fast enough to run at every demo start")
    func fast() {
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = DemoWorkload.generate(seed: 7) }
        #expect(elapsed < .seconds(5), "took \(elapsed)")
    }

    @Test("tasks: long shared prefixes of about 2k, 5k and 10k tokens on priced models of three providers")
    func tasks() throws {
        let tasks = Self.workload.tasks
        #expect(tasks.keys.sorted() == ["classify", "embed", "extract", "summarize"])
        func prefixTokens(_ name: String) -> Int {
            let task = tasks[name]!
            return (task.system + task.instructions).reduce(0) { $0 + $1.count } / 4
        }
        #expect((1_700...2_600).contains(prefixTokens("classify")), "\(prefixTokens("classify"))")
        #expect((4_500...5_500).contains(prefixTokens("extract")), "\(prefixTokens("extract"))")
        #expect((9_000...11_000).contains(prefixTokens("summarize")), "\(prefixTokens("summarize"))")
        let priceBook = try PriceBook.bundled()
        var providers = Set<String>()
        for (name, task) in tasks {
            let provider = try #require(task.provider.flatMap(Provider.init(rawValue:)), "\(name)")
            _ = try priceBook.entry(provider: provider, model: task.model)
            providers.insert(provider.rawValue)
        }
        #expect(providers == ["anthropic", "openai", "gemini"])
        #expect(tasks["embed"]?.kind == .embedding)
        // The configuration's own checks accept them, so the demo tasks could be written to a config file.
        try SluiceConfiguration(tasks: tasks).validateTasks(against: priceBook)
        // Worked examples are real: every extraction example names its invoice number.
        #expect(tasks["extract"]!.instructions[0].contains("\"invoice_number\": \"INV-"))
    }

    @Test("every valid record decodes and renders; every duplicate repeats an earlier valid record")
    func validRecords() throws {
        let renderer = RequestRenderer(tasks: Self.workload.tasks, priceBook: try PriceBook.bundled())
        var seen: [Data: DemoRequestIdentity] = [:]
        var kinds: Set<String> = []
        for record in Self.workload.records {
            switch record.kind {
            case .valid:
                let event = try RequestEvent.decodeValidated(from: record.value)
                let identity = try #require(record.identity)
                #expect(DemoRequestIdentity(tenant: event.tenant, id: event.id) == identity)
                let rendered = try renderer.render(event)
                #expect(rendered.request.model == Self.workload.tasks[record.task!]?.model)
                #expect(record.key == Data("\(event.tenant)/\(identity.id.split(separator: "/")[0])".utf8))
                guard case .task(let task, let document) = event.mode else {
                    Issue.record("not task mode")
                    continue
                }
                if task == "embed" {
                    #expect((20...400).contains(document.text.count / 4), "\(document.text.count)")
                } else {
                    #expect((300...5_000).contains(document.text.count / 4), "\(identity): \(document.text.count / 4) tokens")
                    if let type = document.metadata?["type"], case .string(let kind) = type { kinds.insert(kind) }
                }
                #expect(seen[record.value] == nil, "valid records are distinct")
                seen[record.value] = identity
            case .duplicate:
                #expect(seen[record.value] == record.identity, "a duplicate follows its original")
            case .malformed:
                continue
            }
        }
        #expect(kinds == ["invoice", "contract", "support_ticket", "research_note"])
    }

    @Test("every malformed record fails where it is meant to")
    func malformedRecords() throws {
        let renderer = RequestRenderer(tasks: Self.workload.tasks, priceBook: try PriceBook.bundled())
        var reasons: [DemoRecord.MalformedReason: Int] = [:]
        for record in Self.workload.records {
            guard case .malformed(let reason) = record.kind else { continue }
            reasons[reason, default: 0] += 1
            let decoded: RequestEvent
            do {
                decoded = try RequestEvent.decodeValidated(from: record.value)
            } catch {
                #expect(reason.failsDecoding, "\(reason) should decode: \(error)")
                switch reason {
                case .notJSON: #expect(error.code == .malformedJSON, "\(error)")
                case .missingTenant: #expect(error.code == .missingField && error.field.description == "tenant", "\(error)")
                case .badPriority: #expect(error.code == .invalidValue && error.field.description == "priority", "\(error)")
                case .oversized: #expect(error.code == .invalidValue && error.field.description == "document.metadata", "\(error)")
                case .unknownTask: Issue.record("unknown task failed decoding: \(error)")
                }
                continue
            }
            #expect(reason == .unknownTask, "\(reason) decoded")
            let error = try #require(throws: RenderError.self) { try renderer.render(decoded) }
            #expect(error.type == "unknown_task")
        }
        #expect(Set(reasons.keys) == Set(DemoRecord.MalformedReason.allCases))
    }

    @Test("about 2% malformed and 3% duplicates, priorities mixed, some deadlines, metadata and trace headers")
    func mix() throws {
        let workload = Self.workload
        let expected = workload.expected
        let total = Double(workload.records.count)
        #expect(expected.records == workload.records.count)
        #expect((0.015...0.03).contains(Double(expected.malformed) / total), "\(expected.malformed) of \(total)")
        #expect((0.02...0.04).contains(Double(expected.duplicates) / total), "\(expected.duplicates) of \(total)")
        #expect(expected.accepted.count + expected.duplicates + expected.malformed == workload.records.count)
        #expect(expected.deadLettered + expected.renderFailures.count == expected.malformed)
        #expect(expected.perTenant.keys.sorted() == ["acme", "globex"])
        #expect(expected.perTask["classify"] == 240)
        #expect(expected.perTask.values.reduce(0, +) == expected.accepted.count)
        #expect(expected.accepted.isDisjoint(with: expected.renderFailures))

        var priorities: [String: Int] = [:]
        var deadlines = 0
        var metadata = 0
        var traced = 0
        for record in workload.records where record.kind == .valid {
            let event = try RequestEvent.decodeValidated(from: record.value)
            priorities[event.priority?.rawValue ?? "absent", default: 0] += 1
            if let deadline = event.deadline {
                deadlines += 1
                #expect(deadline.date > DemoWorkload.referenceDate)
            }
            if event.metadata != nil { metadata += 1 }
            if let traceparent = record.headers.first(where: { $0.name == "traceparent" })?.value {
                traced += 1
                #expect(traceparent.range(of: "^00-[0-9a-f]{32}-[0-9a-f]{16}-01$", options: .regularExpression) != nil)
            }
        }
        let valid = Double(expected.accepted.count)
        #expect(Double(priorities["absent", default: 0] + priorities["normal", default: 0]) / valid > 0.7)
        #expect(priorities["low", default: 0] > 0 && priorities["high", default: 0] > 0)
        #expect((0.02...0.09).contains(Double(deadlines) / valid))
        #expect((0.25...0.45).contains(Double(metadata) / valid))
        #expect((0.2...0.4).contains(Double(traced) / valid))
        #expect(workload.records.contains { $0.key == nil }, "a careless producer sends a few keyless records")
    }

    @Test("stays under 4 MiB per partition with 12 partitions (the embedded broker keeps 5 MiB)")
    func partitionBudget() {
        let bytes = Self.workload.bytesPerPartition(partitions: 12)
        #expect(bytes.count == 12)
        #expect(bytes.allSatisfy { $0 < 4 * 1_024 * 1_024 }, "\(bytes)")
        let keyless = Self.workload.records.filter { $0.key == nil }.reduce(0) { $0 + $1.logBytes }
        let total = Self.workload.records.reduce(0) { $0 + $1.logBytes }
        #expect(bytes.reduce(0, +) == total + keyless * 11, "each byte is counted once, keyless ones on every partition")
        #expect(bytes.filter { $0 > keyless }.count == 12, "keys spread over every partition")
        // A single partition would hold it all: the check is not vacuous.
        #expect(Self.workload.bytesPerPartition(partitions: 1)[0] == total)
    }
}
