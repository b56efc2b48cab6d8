import ArgumentParser
import Foundation
import Logging
import RdKafka
import ServiceLifecycle
import UnixSignals
import SluiceApp

/// `sluice broker`: the embedded Kafka broker (librdkafka's mock cluster) as a process of its own.
struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Run an embedded Kafka cluster on 127.0.0.1 with the default topics.",
        discussion: """
            Prints the bootstrap address (host:port[,host:port...]) on a line of its own, then runs \
            until interrupted. Any Kafka client can use it, e.g. `kcat -b ADDRESS -P -t llm.requests`.
            It is librdkafka's in-memory mock cluster: records live in memory only, each partition \
            keeps at most 5 MiB (older records are dropped silently), and there are no transactions \
            or compaction. For development and tests, not production.
            """
    )

    @Option(help: "Number of brokers in the cluster.")
    var brokers: Int = 1

    @Option(help: "Topics file to create (default: the bundled topics/topics.yaml).")
    var topics: String?

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = try logging.bootstrap(label: "sluice.broker")
        let service = try EmbeddedBrokerService(brokers: brokers, topics: DefaultTopics.load(from: topics), logger: logger)
        // Unbuffered, so a script reading our stdout through a pipe sees the address at once.
        FileHandle.standardOutput.write(Data((service.broker.bootstrapServers + "\n").utf8))
        logger.info("embedded broker up", metadata: ["bootstrap": "\(service.broker.bootstrapServers)"])
        let group = ServiceGroup(
            configuration: .init(services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
