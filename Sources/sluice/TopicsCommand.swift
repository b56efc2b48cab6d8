import ArgumentParser
import Logging
import RdKafka
import SluiceApp

/// `sluice topics`: the topic contracts on a real cluster.
struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "Manage Sluice's Kafka topics.",
        subcommands: [Create.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the default topics (partitions, replication, configs) where missing.",
            discussion: """
                Replication factor and min.insync.replicas are capped at the cluster's broker count. \
                Pass librdkafka properties (TLS, SASL...) with -X key=value.
                """
        )

        @Option(help: "Bootstrap servers, host:port[,host:port...].")
        var brokers: String

        @Option(help: "Topics file (default: the bundled topics/topics.yaml).")
        var topics: String?

        @Option(name: .customShort("X"), help: "A librdkafka property, key=value (repeatable).")
        var property: [String] = []

        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = try logging.bootstrap(label: "sluice.topics")
            var properties: [String: String] = [:]
            for pair in property {
                guard let equals = pair.firstIndex(of: "=") else { throw ValidationError("-X takes key=value, got '\(pair)'") }
                properties[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            let specs = try DefaultTopics.load(from: topics)
            let admin = KafkaAdmin(bootstrapServers: brokers, properties: properties, logger: logger)
            let outcomes = try await admin.createTopics(specs)
            for spec in specs {
                let outcome = outcomes[spec.name].map { $0 == .created ? "created" : "exists" } ?? "unknown"
                print("\(spec.name)\t\(outcome)")
            }
        }
    }
}
