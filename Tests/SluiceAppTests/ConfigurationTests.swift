import Foundation
import Logging
import Planning
import Providers
import RdKafka
import Testing

@testable import SluiceApp

@Suite("SluiceConfiguration", .timeLimit(.minutes(1)))
struct ConfigurationTests {
    @Test("no file and no variables give the documented defaults")
    func defaults() throws {
        let configuration = try SluiceConfiguration(yaml: nil, environment: [:])
        #expect(configuration.kafka.brokers == nil)
        #expect(configuration.kafka.groupID == "sluice")
        #expect(configuration.kafka.groupInstanceID == nil)
        #expect(configuration.kafka.staticMembership)
        #expect(configuration.kafka.sessionTimeout == .seconds(30))
        #expect(configuration.topics == SluiceConfiguration.Topics())
        #expect(configuration.topics.requests == "llm.requests")
        #expect(configuration.topics.dlq == "llm.requests.dlq")
        #expect(configuration.dataDirectory.lastPathComponent == "sluice-data")
        #expect(configuration.admin == AdminAddress(host: "127.0.0.1", port: 9090))
        #expect(configuration.batching == FlushPolicy())
        #expect(configuration.retries == SluiceConfiguration.Retries(maxBatchAttempts: 3, maxRealtimeAttempts: 2))
        #expect(configuration.retries.pollIntervalMin == .seconds(5) && configuration.retries.pollIntervalMax == .seconds(60))
        #expect(configuration.tasks.isEmpty)
        #expect(configuration.priceBookOverride == nil)
        #expect(configuration.cloudEventsSource == "urn:sluice:default")
        #expect(configuration.logLevel == .info)
        #expect(configuration.alerts.failureRate == 0.05)
        #expect(configuration.retention == SluiceConfiguration.Retention(completed: .seconds(604_800), dedupeWindow: .seconds(604_800)))
    }

    @Test("every SLUICE_* variable reaches its setting")
    func environmentVariables() throws {
        let configuration = try SluiceConfiguration(
            yaml: nil,
            environment: [
                "KAFKA_BROKERS": "k1:9092, k2:9093", "SLUICE_DATA_DIR": "/var/lib/sluice", "SLUICE_ADMIN_ADDR": "0.0.0.0:8081",
                "SLUICE_BATCH_MAX_REQUESTS": "250", "SLUICE_BATCH_MAX_WAIT": "2.5", "SLUICE_GROUP_ID": "indexers",
                "SLUICE_GROUP_INSTANCE_ID": "sluice-7", "SLUICE_TOPIC_REQUESTS": "a.requests", "SLUICE_TOPIC_RESULTS": "a.results",
                "SLUICE_TOPIC_SAVINGS": "a.savings", "SLUICE_TOPIC_ALERTS": "a.alerts", "SLUICE_TOPIC_DLQ": "a.dlq",
                "SLUICE_PRICE_BOOK": "/etc/sluice/prices.yaml", "SLUICE_CE_SOURCE": "urn:sluice:prod-eu", "SLUICE_LOG_LEVEL": "debug",
            ])
        #expect(configuration.kafka.brokers == "k1:9092,k2:9093")
        #expect(configuration.dataDirectory.path == "/var/lib/sluice")
        #expect(configuration.admin == AdminAddress(host: "0.0.0.0", port: 8081))
        #expect(configuration.batching.maxRequests == 250)
        #expect(configuration.batching.maxWait == .milliseconds(2_500))
        #expect(configuration.kafka.groupID == "indexers")
        #expect(configuration.kafka.groupInstanceID == "sluice-7")
        #expect(configuration.topics == .init(requests: "a.requests", results: "a.results", savings: "a.savings", alerts: "a.alerts", dlq: "a.dlq"))
        #expect(configuration.priceBookOverride?.path == "/etc/sluice/prices.yaml")
        #expect(configuration.cloudEventsSource == "urn:sluice:prod-eu")
        #expect(configuration.logLevel == .debug)
        #expect(try configuration.resolvedGroupInstanceID() == "sluice-7")
    }

    @Test("retention comes from the file or SLUICE_RETENTION_* variables, which win")
    func retention() throws {
        let yaml = "retention:\n  completed: 2d\n  dedupe_window: 30d\n"
        let file = try SluiceConfiguration(yaml: yaml, environment: [:])
        #expect(file.retention == SluiceConfiguration.Retention(completed: .seconds(2 * 86_400), dedupeWindow: .seconds(30 * 86_400)))
        let variables = try SluiceConfiguration(
            yaml: yaml, environment: ["SLUICE_RETENTION_COMPLETED": "12h", "SLUICE_RETENTION_DEDUPE_WINDOW": "3d"])
        #expect(variables.retention == SluiceConfiguration.Retention(completed: .seconds(12 * 3_600), dedupeWindow: .seconds(3 * 86_400)))
    }

    @Test("variables override the file; empty variables count as unset")
    func precedence() throws {
        let yaml = """
            batching:
              max_wait: 10m
              max_requests: 500
            kafka:
              group_id: from-file
            log_level: warning
            """
        let configuration = try SluiceConfiguration(
            yaml: yaml, environment: ["SLUICE_BATCH_MAX_WAIT": "45", "SLUICE_GROUP_ID": "", "SLUICE_LOG_LEVEL": "error"])
        #expect(configuration.batching.maxWait == .seconds(45))
        #expect(configuration.batching.maxRequests == 500)
        #expect(configuration.kafka.groupID == "from-file")
        #expect(configuration.logLevel == .error)
    }

    @Test("the YAML sections set every batching, retry and alert field")
    func sections() throws {
        let yaml = """
            admin_address: off
            batching:
              max_bytes: 2048
              high_priority_max_wait: 250ms
              expected_turnaround: 2h
              realtime_after: 6h
              low_priority_window: 22:00-04:00
              low_priority_max_wait: 1d
            retries:
              max_batch_attempts: 5
              max_realtime_attempts: 0
              poll_interval_min: 1s
              poll_interval_max: 2m
            alerts:
              failure_rate: 0.2
              stale_batch_after: off
              backlog_requests: 1_000
              low_cache_hit_ratio: off
              window: 5m
            kafka:
              static_membership: false
              properties:
                security.protocol: SASL_SSL
                fetch.max.bytes: 1048576
            """
        let configuration = try SluiceConfiguration(yaml: yaml, environment: [:])
        #expect(configuration.admin == nil)
        #expect(configuration.batching.maxBytes == 2_048)
        #expect(configuration.batching.highPriorityMaxWait == .milliseconds(250))
        #expect(configuration.batching.expectedTurnaround == .seconds(7_200))
        #expect(configuration.batching.realtimeAfter == .seconds(21_600))
        #expect(configuration.batching.lowPriorityWindow == DailyWindow(startMinute: 22 * 60, endMinute: 4 * 60))
        #expect(configuration.batching.lowPriorityMaxWait == .seconds(86_400))
        #expect(configuration.retries == .init(maxBatchAttempts: 5, maxRealtimeAttempts: 0, pollIntervalMin: .seconds(1), pollIntervalMax: .seconds(120)))
        #expect(configuration.alerts == .init(failureRate: 0.2, staleBatchAfter: nil, backlogRequests: 1_000, lowCacheHitRatio: nil, window: .seconds(300)))
        #expect(!configuration.kafka.staticMembership)
        #expect(configuration.kafka.sessionTimeout == .seconds(45))
        #expect(configuration.kafka.properties == ["security.protocol": "SASL_SSL", "fetch.max.bytes": "1048576"])
    }

    @Test("SLUICE_GROUP_INSTANCE_ID=off switches to dynamic membership and Kafka's 45 s session")
    func dynamicMembership() throws {
        let configuration = try SluiceConfiguration(yaml: "kafka:\n  session_timeout: 20s\n", environment: ["SLUICE_GROUP_INSTANCE_ID": "off"])
        #expect(!configuration.kafka.staticMembership)
        #expect(configuration.kafka.sessionTimeout == .seconds(20))
        let dynamic = try SluiceConfiguration(yaml: nil, environment: ["SLUICE_GROUP_INSTANCE_ID": "off"])
        #expect(dynamic.kafka.sessionTimeout == .seconds(45))
    }

    @Test(
        "bad values fail naming the key and the value",
        arguments: [
            (["SLUICE_ADMIN_ADDR": "localhost"], "SLUICE_ADMIN_ADDR", "localhost"),
            (["SLUICE_ADMIN_ADDR": "127.0.0.1:70000"], "SLUICE_ADMIN_ADDR", "70000"),
            (["SLUICE_BATCH_MAX_WAIT": "5x"], "SLUICE_BATCH_MAX_WAIT", "5x"),
            (["SLUICE_BATCH_MAX_WAIT": "0"], "SLUICE_BATCH_MAX_WAIT", "0"),
            (["SLUICE_BATCH_MAX_REQUESTS": "-1"], "SLUICE_BATCH_MAX_REQUESTS", "-1"),
            (["SLUICE_BATCH_MAX_REQUESTS": "200000"], "SLUICE_BATCH_MAX_REQUESTS", "200000"),
            (["SLUICE_LOG_LEVEL": "verbose"], "SLUICE_LOG_LEVEL", "verbose"),
            (["SLUICE_TOPIC_RESULTS": "llm results"], "SLUICE_TOPIC_RESULTS", "llm results"),
            (["KAFKA_BROKERS": "kafka-1"], "KAFKA_BROKERS", "kafka-1"),
            (["SLUICE_GROUP_INSTANCE_ID": "pod/0"], "SLUICE_GROUP_INSTANCE_ID", "pod/0"),
            (["SLUICE_CE_SOURCE": "urn:a b"], "SLUICE_CE_SOURCE", "urn:a b"),
            (["SLUICE_RETENTION_COMPLETED": "0"], "SLUICE_RETENTION_COMPLETED", "0"),
            (["SLUICE_RETENTION_DEDUPE_WINDOW": "1 week"], "SLUICE_RETENTION_DEDUPE_WINDOW", "1 week"),
            (["SLUICE_RETENTION_DEDUPE_WINDOW": "1d"], "SLUICE_RETENTION_DEDUPE_WINDOW", "1d"),
        ])
    func badEnvironment(environment: [String: String], key: String, value: String) throws {
        let error = try #require(throws: SluiceConfigurationError.self) {
            try SluiceConfiguration(yaml: nil, environment: environment)
        }
        #expect(error.key == key)
        #expect(error.code == .invalidValue)
        #expect(error.description.contains(value))
        #expect(!error.isRetriable)
    }

    @Test(
        "YAML mistakes fail naming the key path",
        arguments: [
            ("batching:\n  max_wiat: 3\n", "batching.max_wiat", SluiceConfigurationError.Code.unknownKey),
            ("kafak:\n  brokers: a:1\n", "kafak", .unknownKey),
            ("tasks:\n  classify:\n    model: gpt-5-mini\n    max_token: 3\n", "tasks.classify.max_token", .unknownKey),
            ("batching: 3\n", "batching", .wrongType),
            ("batching:\n  low_priority_window: 25:00-01:00\n", "batching.low_priority_window", .invalidValue),
            ("retries:\n  poll_interval_min: 2m\n  poll_interval_max: 1m\n", "retries.poll_interval_min", .invalidValue),
            ("alerts:\n  failure_rate: 1.5\n", "alerts.failure_rate", .invalidValue),
            ("kafka:\n  session_timeout: 2s\n", "kafka.session_timeout", .invalidValue),
            ("kafka:\n  properties:\n    group.id: other\n", "kafka.properties.group.id", .invalidValue),
            ("topics:\n  results: llm.requests\n", "topics.results", .invalidValue),
            ("topics:\n  results: [a, b]\n", "topics.results", .wrongType),
            ("tasks:\n  Classify:\n    model: gpt-5-mini\n", "tasks.Classify", .invalidValue),
            ("tasks:\n  c:\n    max_tokens: 3\n", "tasks.c", .invalidValue),
            ("tasks:\n  c:\n    model: gpt-5-mini\n    document: '{{doc}}'\n", "tasks.c.document", .invalidValue),
            ("tasks:\n  c:\n    model: gpt-5-mini\n    document: 'id {{document.id}}'\n", "tasks.c.document", .invalidValue),
            ("tasks:\n  e:\n    kind: embedding\n    model: text-embedding-3-small\n    system: hi\n", "tasks.e.system", .invalidValue),
            ("tasks:\n  c:\n    model: gpt-5-mini\n    dimensions: 8\n", "tasks.c.dimensions", .invalidValue),
            ("tasks:\n  c:\n    model: gpt-5-mini\n    provider: mistral\n", "tasks.c.provider", .invalidValue),
            ("retention:\n  completd: 1d\n", "retention.completd", .unknownKey),
            ("retention:\n  completed: 30d\n  dedupe_window: 14d\n", "retention.dedupe_window", .invalidValue),
            ("kafka: [\n", "config", .invalidYAML),
        ])
    func badYAML(yaml: String, keyPath: String, code: SluiceConfigurationError.Code) throws {
        let error = try #require(throws: SluiceConfigurationError.self) {
            try SluiceConfiguration(yaml: yaml, environment: [:], origin: "config")
        }
        #expect(error.code == code, "\(error)")
        #expect(error.key.hasPrefix(keyPath), "\(error)")
    }

    @Test("tasks accept a single string or a list of blocks, and must name a priced model")
    func tasks() throws {
        let yaml = """
            tasks:
              tag:
                model: claude-haiku-4-5
                system: You tag documents.
                instructions: [Rule one., Rule two.]
                document: "{{tenant}}: {{document.text}}"
                max_tokens: 64
                temperature: 0.5
              vector:
                kind: embedding
                model: text-embedding-3-small
            """
        let configuration = try SluiceConfiguration(yaml: yaml, environment: [:])
        let tag = try #require(configuration.tasks["tag"])
        #expect(tag == TaskTemplate(
            model: "claude-haiku-4-5", system: ["You tag documents."], instructions: ["Rule one.", "Rule two."],
            document: "{{tenant}}: {{document.text}}", maxTokens: 64, temperature: 0.5))
        #expect(configuration.tasks["vector"]?.kind == .embedding)
        let priceBook = try PriceBook.bundled()
        try configuration.validateTasks(against: priceBook)

        let unpriced = try SluiceConfiguration(yaml: "tasks:\n  t:\n    model: gpt-99\n", environment: [:])
        let error = try #require(throws: SluiceConfigurationError.self) { try unpriced.validateTasks(against: priceBook) }
        #expect(error.key == "tasks.t.model")
        let wrongProvider = try SluiceConfiguration(yaml: "tasks:\n  t:\n    provider: gemini\n    model: gpt-5-mini\n", environment: [:])
        #expect(throws: SluiceConfigurationError.self) { try wrongProvider.validateTasks(against: priceBook) }
    }

    @Test("the shipped example file loads, with its two tasks checked against the price book")
    func exampleFile() throws {
        let file = Self.repositoryRoot.appendingPathComponent("config/sluice.example.yaml")
        let configuration = try SluiceConfiguration.load(environment: ["SLUICE_CONFIG": file.path])
        #expect(configuration.tasks.keys.sorted() == ["classify_ticket", "embed_chunk"])
        #expect(configuration.tasks["embed_chunk"]?.dimensions == 512)
        #expect(configuration.tasks["classify_ticket"]?.instructions.count == 1)
        #expect(configuration.batching.lowPriorityWindow == DailyWindow(parsing: "22:00-04:00"))
        // Relative paths in a file start at the file's folder.
        #expect(configuration.dataDirectory == file.deletingLastPathComponent().appendingPathComponent("sluice-data").standardizedFileURL)
        #expect(configuration.kafka.properties["client.id"] == "sluice")

        let missing = try #require(throws: SluiceConfigurationError.self) {
            try SluiceConfiguration.load(environment: ["SLUICE_CONFIG": "/nonexistent/sluice.yaml"])
        }
        #expect(missing.key == "SLUICE_CONFIG")
        #expect(missing.code == .unreadableFile)
    }

    @Test("a generated group instance id is written once and kept")
    func groupInstanceID() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-config-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try SluiceConfiguration(yaml: nil, environment: ["SLUICE_DATA_DIR": directory.appendingPathComponent("data").path])
        let first = try configuration.resolvedGroupInstanceID()
        #expect(first.hasPrefix("sluice-"))
        #expect(try SluiceConfiguration.groupInstanceID(first, key: "test") == first)
        let stored = try String(contentsOf: configuration.groupInstanceIDFile, encoding: .utf8)
        #expect(stored.trimmingCharacters(in: .whitespacesAndNewlines) == first)
        // A second start (a new value, same directory) gets the same identity back.
        let restarted = try SluiceConfiguration(yaml: nil, environment: ["SLUICE_DATA_DIR": directory.appendingPathComponent("data").path])
        #expect(try restarted.resolvedGroupInstanceID() == first)
        // Another instance with its own directory gets another id.
        let other = try SluiceConfiguration(yaml: nil, environment: ["SLUICE_DATA_DIR": directory.appendingPathComponent("other").path])
        #expect(try other.resolvedGroupInstanceID() != first)
        // A damaged file is an error, never silently replaced by a new identity.
        try Data("not a valid id!\n".utf8).write(to: configuration.groupInstanceIDFile)
        #expect(throws: SluiceConfigurationError.self) { try configuration.resolvedGroupInstanceID() }
    }

    @Test("generated ids keep only characters Kafka allows")
    func generatedIDCharacters() throws {
        let id = SluiceConfiguration.generateGroupInstanceID(hostName: "worker_1.example.com")
        #expect(id.hasPrefix("sluice-worker-1-example-com-"))
        #expect(try SluiceConfiguration.groupInstanceID(id, key: "test") == id)
        #expect(SluiceConfiguration.generateGroupInstanceID(hostName: "").count == "sluice-".count + 8)
    }

    @Test("admin addresses: host:port, IPv6 and every interface")
    func adminAddresses() throws {
        #expect(try AdminAddress.parse("[::1]:0", key: "k") == AdminAddress(host: "::1", port: 0))
        #expect(try AdminAddress.parse(":9100", key: "k") == AdminAddress(host: "0.0.0.0", port: 9100))
        #expect(try AdminAddress.parse("OFF", key: "k") == nil)
        #expect(throws: SluiceConfigurationError.self) { try AdminAddress.parse("::1:90", key: "k") }
    }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
