import Foundation
import Testing
import Yams

/// `topics/topics.yaml`, as the Kafka layer reads it.
@Suite(.timeLimit(.minutes(1)))
struct TopicsFileTests {
    static func topics() throws -> [[String: Any]] {
        let text = try String(contentsOf: ContractFiles.topics.appending(path: "topics.yaml"), encoding: .utf8)
        let root = try #require(try Yams.load(yaml: text) as? [String: Any])
        return try #require(root["topics"] as? [[String: Any]])
    }

    @Test func listsExactlyTheFiveTopicsWithExistingSchemas() throws {
        let topics = try Self.topics()
        let byName = Dictionary(topics.compactMap { topic in (topic["name"] as? String).map { ($0, topic) } }, uniquingKeysWith: { a, _ in a })
        #expect(topics.count == 5)
        #expect(Set(byName.keys) == ["llm.requests", "llm.results", "llm.savings", "llm.alerts", "llm.requests.dlq"])

        let expectedSchema = [
            "llm.requests": ("value_schema", "schemas/request.schema.json"),
            "llm.results": ("value_schema", "schemas/result.schema.json"),
            "llm.savings": ("value_schema", "schemas/savings.schema.json"),
            "llm.alerts": ("value_schema", "schemas/alert.schema.json"),
            // The DLQ value is the original bytes; its contract is the header set.
            "llm.requests.dlq": ("headers_schema", "schemas/dlq-headers.schema.json"),
        ]
        for (name, (field, file)) in expectedSchema {
            let topic = try #require(byName[name])
            #expect(topic[field] as? String == file, "\(name).\(field)")
            #expect(FileManager.default.fileExists(atPath: ContractFiles.topics.appending(path: file).path), "\(file) missing")
        }
        #expect(byName["llm.requests.dlq"]?["value_schema"] == nil)
    }

    @Test func topicSettingsAreWellFormed() throws {
        for topic in try Self.topics() {
            let name = try #require(topic["name"] as? String)
            #expect((topic["partitions"] as? Int ?? 0) >= 1, "\(name) partitions")
            #expect((topic["replication_factor"] as? Int ?? 0) >= 1, "\(name) replication_factor")
            #expect(!(topic["key"] as? String ?? "").isEmpty, "\(name) key")
            let config = try #require(topic["config"] as? [String: Any], "\(name) config")
            for (key, value) in config {
                // Kafka's admin API takes strings; an unquoted number would load as Int here.
                #expect(value is String, "\(name) config \(key) must be a quoted string")
            }
            #expect(config["cleanup.policy"] as? String == "delete", "\(name) cleanup.policy")
            #expect(Int(config["retention.ms"] as? String ?? "") != nil, "\(name) retention.ms")
        }
        let byName = Dictionary(try Self.topics().map { ($0["name"] as! String, $0) }, uniquingKeysWith: { a, _ in a })
        let retention = { (name: String) in Int((byName[name]?["config"] as? [String: Any])?["retention.ms"] as? String ?? "") ?? 0 }
        // The DLQ keeps records longer than the input they came from, so there is time to replay.
        #expect(retention("llm.requests.dlq") > retention("llm.requests"))
        #expect(retention("llm.requests.dlq") >= 30 * 24 * 3_600_000)
        #expect((byName["llm.savings"]?["key"] as? String)?.hasPrefix("tenant") == true)
    }
}
