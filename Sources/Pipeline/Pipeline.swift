import Foundation
package import Logging
package import Metrics
package import Planning
package import Providers
package import RdKafka
package import ServiceLifecycle
package import StateStore

/// The stages of DESIGN §3 wired together over one state store, one producer and one consumer:
/// intake → journal → accumulator/planner → submitter and realtime → poller → ledger and outbox →
/// publisher. The app adds the Kafka clients and the stages to one `ServiceGroup` in
/// ``services`` order, so that graceful shutdown stops the consumer first and the publisher and
/// producer last, and everything accepted on the way is still recorded and published.
package struct Pipeline: Sendable {
    package let store: StateStore
    package let accumulator: Accumulator
    package let counters: PipelineCounters
    /// The stages, in start order (shutdown runs in reverse).
    package let stages: [any Service]

    /// - Parameters:
    ///   - consumer: Created with ``IntakeService/makeRebalanceHandler(logger:)``'s handler, passed here too.
    ///   - clients: One client per provider the configuration may route to.
    package init(
        configuration: PipelineConfiguration, store: StateStore, producer: KafkaProducer, consumer: KafkaConsumer,
        rebalanceHandler: IntakeRebalanceHandler, clients: [Provider: any BatchProviderClient], priceBook: PriceBook,
        tasks: [String: TaskTemplate], metricsFactory: (any MetricsFactory)? = nil, logger: Logger
    ) {
        self.store = store
        let counters = PipelineCounters()
        self.counters = counters
        let metrics = PipelineMetrics(factory: metricsFactory)
        let results = ResultBuilder(topic: configuration.topics.results, source: configuration.cloudEventsSource)
        let costs = CostCalculator(priceBook: priceBook)
        let accumulatorBell = Doorbell()
        let wake = Accumulator.Wakeups(submitter: Doorbell(), realtime: Doorbell(), publisher: Doorbell())
        let poller = Doorbell()
        let settlement = ItemSettlement(
            costs: costs, results: results,
            maxAttempts: configuration.maxBatchAttempts + configuration.maxRealtimeAttempts,
            responseCacheTTL: configuration.responseCacheTTL)
        let savings = SavingsBuilder(costs: costs, results: results, topic: configuration.topics.savings)
        let accumulator = Accumulator(
            store: store, clients: clients, planner: BatchPlanner(priceBook: priceBook, settings: configuration.planner),
            results: results, configuration: configuration, wake: wake,
            deduplicator: configuration.responseCacheTTL > .zero
                ? Deduplicator(store: store, costs: costs, results: results, savingsTopic: configuration.topics.savings)
                : nil,
            logger: logger.stage("accumulator"))
        self.accumulator = accumulator
        stages = [
            PublisherService(
                publisher: Publisher(
                    store: store, producer: producer, chunk: configuration.publishChunk, counters: counters,
                    metrics: metrics, failPoints: configuration.failPoints, logger: logger.stage("publisher")),
                doorbell: wake.publisher, logger: logger.stage("publisher")),
            PollerService(
                poller: Poller(
                    store: store, clients: clients, settlement: settlement, savings: savings,
                    configuration: configuration, wake: wake, accumulator: accumulatorBell,
                    logger: logger.stage("poller")),
                doorbell: poller, logger: logger.stage("poller")),
            RealtimeService(
                executor: RealtimeExecutor(
                    store: store, clients: clients, settlement: settlement, savings: savings,
                    configuration: configuration, wake: wake, accumulator: accumulatorBell, counters: counters,
                    logger: logger.stage("realtime")),
                doorbell: wake.realtime, logger: logger.stage("realtime")),
            SubmitterService(
                submitter: Submitter(
                    store: store, clients: clients, configuration: configuration, poller: poller, counters: counters,
                    metrics: metrics, priceBook: priceBook, logger: logger.stage("submitter")),
                doorbell: wake.submitter, logger: logger.stage("submitter")),
            AlertService(
                monitor: AlertMonitor(
                    store: store, thresholds: configuration.alertThresholds, results: results,
                    topic: configuration.topics.alerts, publisher: wake.publisher, logger: logger.stage("alerts")),
                interval: configuration.alertInterval, logger: logger.stage("alerts")),
            RetentionService(
                store: store, policy: configuration.retention, interval: configuration.retentionInterval,
                logger: logger.stage("retention")),
            AccumulatorService(
                accumulator: accumulator, doorbell: accumulatorBell, interval: configuration.accumulatorInterval,
                logger: logger.stage("accumulator")),
            IntakeService(
                consumer: consumer, producer: producer, store: store,
                decoder: IntakeDecoder(
                    renderer: RequestRenderer(tasks: tasks, priceBook: priceBook), results: results,
                    dedupe: configuration.responseCacheTTL > .zero),
                deadLetterTopic: configuration.topics.deadLetter, handler: rebalanceHandler,
                accumulator: accumulatorBell, metrics: metrics, counters: counters,
                failPoints: configuration.failPoints, logger: logger.stage("intake")),
        ]
    }

    /// Releases every pending request now (`POST /v1/flush`, and the demo once its input is in).
    /// - Returns: How many requests left the journal.
    package func flush() async throws -> Int {
        try await accumulator.tick(onDemand: true).released
    }
}

extension Logger {
    func stage(_ name: String) -> Logger {
        var logger = self
        logger[metadataKey: "stage"] = "\(name)"
        return logger
    }
}
