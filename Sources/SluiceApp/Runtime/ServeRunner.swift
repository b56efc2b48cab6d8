import Foundation
internal import AdminHTTP
internal import AsyncHTTPClient
package import Logging
internal import Pipeline
internal import Planning
internal import Prometheus
internal import Providers
internal import RdKafka
internal import StateStore
import ServiceLifecycle
internal import UnixSignals

/// `sluice serve`: one instance from a ``SluiceConfiguration``, until SIGTERM/SIGINT drains it.
package enum ServeRunner {
    package static func run(
        configuration: SluiceConfiguration, environment: [String: String], logger: Logger
    ) async throws {
        let priceBook = try PriceBook.load(overrideFile: configuration.priceBookOverride)
        try configuration.validateTasks(against: priceBook)
        var services: [any Service] = []
        let bootstrapServers: String
        if let brokers = configuration.kafka.brokers {
            bootstrapServers = brokers
        } else {
            // No KAFKA_BROKERS: the embedded mock cluster (5 MiB per partition; see the README).
            let embedded = try EmbeddedBrokerService(brokers: 1, topics: try DefaultTopics.load(), logger: logger)
            bootstrapServers = embedded.broker.bootstrapServers
            services.append(embedded)
            logger.warning(
                "KAFKA_BROKERS is unset: using the embedded mock broker, which keeps only 5 MiB per partition",
                metadata: ["bootstrap": "\(bootstrapServers)"])
        }
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .sluiceProviders())
        let (clients, missing) = ProviderSetup.clients(environment: environment, httpClient: httpClient, logger: logger)
        for (provider, problem) in missing {
            logger.warning("Provider not configured; its requests will wait", metadata: ["provider": "\(provider)", "problem": "\(problem)"])
        }
        var pipeline = PipelineConfiguration(
            topics: PipelineTopics(
                requests: configuration.topics.requests, results: configuration.topics.results,
                savings: configuration.topics.savings, alerts: configuration.topics.alerts,
                deadLetter: configuration.topics.dlq),
            cloudEventsSource: configuration.cloudEventsSource, flushPolicy: configuration.batching,
            planner: PlannerSettings(expectedTurnaround: configuration.batching.expectedTurnaround),
            maxBatchAttempts: configuration.retries.maxBatchAttempts,
            maxRealtimeAttempts: configuration.retries.maxRealtimeAttempts,
            pollIntervalMin: configuration.retries.pollIntervalMin,
            pollIntervalMax: configuration.retries.pollIntervalMax,
            alertThresholds: alertThresholds(configuration.alerts))
        pipeline.responseCacheTTL = configuration.responseCacheTTL
        pipeline.retention = RetentionPolicy(
            completed: configuration.retention.completed, dedupeWindow: configuration.retention.dedupeWindow)
        let settings = RuntimeSettings(
            bootstrapServers: bootstrapServers, groupID: configuration.kafka.groupID,
            groupInstanceID: configuration.kafka.staticMembership ? try configuration.resolvedGroupInstanceID() : nil,
            sessionTimeout: configuration.kafka.sessionTimeout, kafkaProperties: configuration.kafka.properties,
            dataDirectory: configuration.dataDirectory,
            pipeline: pipeline,
            tasks: configuration.tasks, priceBook: priceBook)
        let registry = PrometheusCollectorRegistry()
        _ = SluiceMetrics.bootstrapOnce(registry: registry)
        let runtime = try await SluiceRuntime.make(settings: settings, clients: clients, logger: logger)
        services.append(contentsOf: runtime.services)
        if let admin = configuration.admin {
            services.insert(
                AdminServer(
                    configuration: AdminConfiguration(host: admin.host, port: admin.port),
                    backend: RuntimeAdminBackend(runtime: runtime), registry: registry, logger: logger),
                at: services.count - runtime.services.count)
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        logger.info(
            "Sluice serving",
            metadata: [
                "kafka": "\(bootstrapServers)", "requests": "\(configuration.topics.requests)",
                "data": "\(configuration.dataDirectory.path)",
                "admin": "\(configuration.admin.map { "\($0)" } ?? "off")",
            ])
        do {
            try await group.run()
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
        try await httpClient.shutdown()
    }

    /// Maps the configured alerts onto the rules' thresholds; an alert turned off gets a threshold
    /// it can never cross.
    static func alertThresholds(_ alerts: SluiceConfiguration.Alerts) -> AlertThresholds {
        AlertThresholds(
            failureRate: alerts.failureRate ?? 1.1, failureWindow: alerts.window,
            staleBatchAfter: alerts.staleBatchAfter ?? .seconds(Int64.max / 2_000_000_000),
            backlogRequests: alerts.backlogRequests ?? Int.max / 100,
            lowCacheHitRatio: alerts.lowCacheHitRatio ?? -1)
    }
}
