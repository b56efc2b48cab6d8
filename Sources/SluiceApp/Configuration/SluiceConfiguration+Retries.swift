extension SluiceConfiguration {
    /// How hard Sluice tries before it reports a request as failed, and how often it polls batches.
    package struct Retries: Sendable, Hashable {
        /// `retries.max_batch_attempts`: provider batches one request may go through (errored or
        /// expired items are resubmitted). Default 3.
        package var maxBatchAttempts: Int
        /// `retries.max_realtime_attempts`: synchronous calls after batching gave up or a deadline
        /// forced it; 0 never falls back to the dearer realtime API. Default 2.
        package var maxRealtimeAttempts: Int
        /// `retries.poll_interval_min`: first wait between status polls of a batch. Default 5 s.
        package var pollIntervalMin: Duration
        /// `retries.poll_interval_max`: the backoff ceiling; batches take minutes to hours, so
        /// polling faster only spends rate limit. Default 60 s.
        package var pollIntervalMax: Duration

        package init(
            maxBatchAttempts: Int = 3, maxRealtimeAttempts: Int = 2, pollIntervalMin: Duration = .seconds(5),
            pollIntervalMax: Duration = .seconds(60)
        ) {
            self.maxBatchAttempts = maxBatchAttempts
            self.maxRealtimeAttempts = maxRealtimeAttempts
            self.pollIntervalMin = pollIntervalMin
            self.pollIntervalMax = pollIntervalMax
        }
    }
}
