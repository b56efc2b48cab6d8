import Logging
import RdKafka

/// One embedded broker per iteration, with the workload's topic: each iteration starts from an
/// empty in-memory log, and the broker's memory is released before the next.
enum BrokerScope {
    static let topic = "bench"

    /// Runs `body` against a new broker holding ``topic``; shuts the broker down however `body` ends.
    static func run(
        _ workload: Workload, _ body: (_ bootstrapServers: String) async throws -> Void
    ) async throws {
        let broker = try EmbeddedBroker(brokers: 1, logger: .bench)
        do {
            try broker.createTopic(topic, partitions: Int(workload.partitions))
            try await body(broker.bootstrapServers)
        } catch {
            await broker.shutdown()
            throw error
        }
        await broker.shutdown()
    }
}

extension Logger {
    /// librdkafka's warnings and errors, from the wrapper and the baseline alike, go to stderr.
    static let bench: Logger = {
        var logger = Logger(label: "kafka-bench", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = .warning
        return logger
    }()
}
