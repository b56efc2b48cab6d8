package import Planning
package import StateStore

/// How the pipeline behaves; the app layer builds it from `SluiceConfiguration`.
package struct PipelineConfiguration: Sendable {
    package var topics: PipelineTopics
    /// The deployment's CloudEvents `ce_source`, the same on every instance.
    package var cloudEventsSource: String
    package var flushPolicy: FlushPolicy
    package var planner: PlannerSettings
    /// Batch attempts a request gets before it is sent realtime.
    package var maxBatchAttempts: Int
    /// Realtime attempts after the batch attempts, before a `failed` result.
    package var maxRealtimeAttempts: Int
    /// First and longest poll interval of a submitted batch (it backs off between the two).
    package var pollIntervalMin: Duration
    package var pollIntervalMax: Duration
    /// Wait before creating a batch again after the provider refused or could not be reached.
    package var submitRetryDelay: Duration
    /// Wait after a provider said its batch queue is full (429 on create, OpenAI `token_limit_exceeded`).
    package var queueFullDelay: Duration
    /// How often the accumulator looks at its buckets when nothing wakes it earlier.
    package var accumulatorInterval: Duration
    /// Realtime calls in flight at once, per instance.
    package var realtimeConcurrency: Int
    /// Outbox records handed to Kafka per round.
    package var publishChunk: Int
    /// How long after a primer the pipeline waits before it stops expecting the prefix to be warm.
    package var primerGiveUpAfter: Duration
    /// When `llm.alerts` fires.
    package var alertThresholds: AlertThresholds
    /// How often the alert rules measure.
    package var alertInterval: Duration
    /// Result items recorded per transaction while a batch's results stream in.
    package var resultsChunk = 500
    /// How long an answer serves identical requests (dedupe); zero turns dedupe off.
    package var responseCacheTTL: Duration = .seconds(86_400)
    /// Provider batches (not realtime groups) of one provider planned but not yet accepted by it:
    /// past this, the accumulator leaves that provider's requests pending, journaled, until the
    /// submitter catches up, so a provider that refuses (queue full) or a slow upload never
    /// piles up plans in the store and in memory.
    package var maxUnsentBatches = 64
    /// How long finished work stays in the store (`retention.completed`, `retention.dedupe_window`).
    package var retention = RetentionPolicy()
    /// Time between retention passes (published outbox records linger at most this long).
    package var retentionInterval: Duration = .seconds(60)
    /// Crash points armed for tests (``FailPoints``); none in production.
    package var failPoints = FailPoints.none
    /// Provider seconds per pipeline second: 1 against real providers; the emulator's speedup in
    /// the demo and the benchmark, where prompt caches expire on the emulated clock and a
    /// 5-minute entry is gone after 5 real seconds at 60x.
    package var providerTimeScale: Double = 1

    package init(
        topics: PipelineTopics = PipelineTopics(),
        cloudEventsSource: String = "urn:sluice:default",
        flushPolicy: FlushPolicy = FlushPolicy(),
        planner: PlannerSettings = PlannerSettings(expectedTurnaround: .seconds(3_600)),
        maxBatchAttempts: Int = 3,
        maxRealtimeAttempts: Int = 2,
        pollIntervalMin: Duration = .seconds(5),
        pollIntervalMax: Duration = .seconds(60),
        submitRetryDelay: Duration = .seconds(5),
        queueFullDelay: Duration = .seconds(60),
        accumulatorInterval: Duration = .seconds(1),
        realtimeConcurrency: Int = 8,
        publishChunk: Int = 500,
        primerGiveUpAfter: Duration = .seconds(1_800),
        alertThresholds: AlertThresholds = AlertThresholds(),
        alertInterval: Duration = .seconds(30)
    ) {
        self.topics = topics
        self.cloudEventsSource = cloudEventsSource
        self.flushPolicy = flushPolicy
        self.planner = planner
        self.maxBatchAttempts = maxBatchAttempts
        self.maxRealtimeAttempts = maxRealtimeAttempts
        self.pollIntervalMin = pollIntervalMin
        self.pollIntervalMax = pollIntervalMax
        self.submitRetryDelay = submitRetryDelay
        self.queueFullDelay = queueFullDelay
        self.accumulatorInterval = accumulatorInterval
        self.realtimeConcurrency = realtimeConcurrency
        self.publishChunk = publishChunk
        self.primerGiveUpAfter = primerGiveUpAfter
        self.alertThresholds = alertThresholds
        self.alertInterval = alertInterval
    }
}
