import Foundation
package import Logging
package import Metrics
package import Pipeline
package import Providers
package import RdKafka
package import ServiceLifecycle
package import StateStore

/// One Sluice instance: its state store, Kafka clients and pipeline stages, ready to run in a
/// `ServiceGroup`. ``services`` is ordered so that graceful shutdown (reverse order) stops the
/// consumer first (final revoke, commit, leave), then the stages, and flushes the producer last.
package struct SluiceRuntime: Sendable {
    package let store: StateStore
    package let producer: KafkaProducer
    package let consumer: KafkaConsumer
    package let pipeline: Pipeline

    /// Opens the store and creates the clients; nothing runs until ``services`` run.
    package static func make(
        settings: RuntimeSettings, clients: [Provider: any BatchProviderClient],
        metricsFactory: (any MetricsFactory)? = nil, logger: Logger
    ) async throws -> SluiceRuntime {
        let store = try await StateStore.open(
            directory: settings.dataDirectory, logger: logger, durability: settings.durability)
        var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: settings.bootstrapServers)
        producerConfiguration.properties = settings.kafkaProperties
        let producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)
        var consumerConfiguration = KafkaConsumerConfiguration(
            bootstrapServers: settings.bootstrapServers, groupID: settings.groupID,
            topics: [settings.pipeline.topics.requests])
        consumerConfiguration.groupInstanceID = settings.groupInstanceID
        consumerConfiguration.sessionTimeoutMilliseconds = Int(settings.sessionTimeout.milliseconds)
        consumerConfiguration.heartbeatIntervalMilliseconds = max(100, Int(settings.sessionTimeout.milliseconds) / 10)
        consumerConfiguration.properties = settings.kafkaProperties.merging(settings.consumerProperties) { _, own in own }
        let handler = IntakeService.makeRebalanceHandler(logger: logger)
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, rebalanceHandler: handler, logger: logger)
        let pipeline = Pipeline(
            configuration: settings.pipeline, store: store, producer: producer, consumer: consumer,
            rebalanceHandler: handler, clients: clients, priceBook: settings.priceBook, tasks: settings.tasks,
            metricsFactory: metricsFactory, logger: logger)
        return SluiceRuntime(store: store, producer: producer, consumer: consumer, pipeline: pipeline)
    }

    /// The producer, the stages, the consumer: start order (shutdown runs in reverse).
    package var services: [any Service] {
        [producer] + pipeline.stages + [consumer]
    }
}
