public import Logging
public import RdKafka
public import ServiceLifecycle

/// Keeps an ``EmbeddedBroker`` up for the life of a `ServiceGroup` and stops it on graceful shutdown.
public struct EmbeddedBrokerService: Service {
    public let broker: EmbeddedBroker

    /// Starts a mock cluster of `brokers` brokers and creates `topics` on it.
    public init(brokers: Int, topics: [TopicSpec], logger: Logger) throws {
        broker = try EmbeddedBroker(brokers: brokers, logger: logger)
        try broker.createTopics(topics)
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await broker.shutdown()
    }
}
