import Foundation

extension AlertRules {
    /// Every condition the snapshot lets the rules measure, in key order; repeated entries for one
    /// subject are summed.
    func measure(_ snapshot: AlertSnapshot, firing: [String: AlertEvent], now: Date) -> [AlertMeasurement] {
        let window = Self.wholeSeconds(snapshot.window)
        var measurements: [String: AlertMeasurement] = [:]
        for counts in Self.merged(snapshot.results) {
            let measurement = failureRate(counts, windowSeconds: window, firing: firing)
            measurements[measurement.key] = measurement
        }
        for usage in Self.merged(snapshot.cacheUsage) {
            let measurement = cacheHitRatio(usage, windowSeconds: window, firing: firing)
            measurements[measurement.key] = measurement
        }
        for batch in snapshot.submittedBatches {
            let measurement = staleBatch(batch, now: now)
            measurements[measurement.key] = measurement
        }
        for measurement in backlog(snapshot) {
            measurements[measurement.key] = measurement
        }
        return measurements.values.sorted { $0.key < $1.key }
    }

    // MARK: - failure_rate

    private func failureRate(
        _ counts: AlertSnapshot.ResultCounts, windowSeconds: Int, firing: [String: AlertEvent]
    ) -> AlertMeasurement {
        let rate = counts.total == 0 ? 0 : Double(counts.failed) / Double(counts.total)
        let target = counts.provider.map { " to \($0.rawValue) \(counts.model ?? "")" } ?? ""
        var measurement = AlertMeasurement(
            kind: .failureRate, tenant: counts.tenant,
            subject: "\(counts.provider?.rawValue ?? "all")/\(counts.model ?? "all")", observed: rate,
            threshold: thresholds.failureRate, windowSeconds: windowSeconds, provider: counts.provider,
            model: counts.model, batchID: nil, breach: nil,
            message: "\(Self.percent(rate)) of \(counts.tenant)'s requests\(target) failed in the last "
                + "\(Self.describe(seconds: windowSeconds)) (\(counts.failed) of \(counts.total); threshold "
                + "\(Self.percent(thresholds.failureRate)))")
        let enoughData = counts.total >= thresholds.minimumSample || firing[measurement.key] != nil
        if counts.total > 0, enoughData, rate > thresholds.failureRate {
            // Half the requests failing is an outage, whatever the configured threshold.
            measurement.breach = rate >= max(0.5, 2 * thresholds.failureRate) ? .critical : .warning
        }
        return measurement
    }

    // MARK: - low_cache_hit_ratio

    private func cacheHitRatio(
        _ usage: AlertSnapshot.CacheUsage, windowSeconds: Int, firing: [String: AlertEvent]
    ) -> AlertMeasurement {
        let ratio = usage.usage.cacheHitRatio
        var measurement = AlertMeasurement(
            kind: .lowCacheHitRatio, tenant: AlertEvent.globalTenant,
            subject: "\(usage.provider.rawValue)/\(usage.model)", observed: ratio,
            threshold: thresholds.lowCacheHitRatio, windowSeconds: windowSeconds, provider: usage.provider,
            model: usage.model, batchID: nil, breach: nil,
            message: "\(usage.provider.rawValue) \(usage.model) read \(Self.percent(ratio)) of "
                + "\(usage.usage.promptTokens) prompt tokens from the cache in the last "
                + "\(Self.describe(seconds: windowSeconds)) (threshold \(Self.percent(thresholds.lowCacheHitRatio)))")
        let enoughData = usage.requests >= thresholds.minimumSample || firing[measurement.key] != nil
        if usage.requests > 0, usage.usage.promptTokens > 0, enoughData, ratio < thresholds.lowCacheHitRatio {
            measurement.breach = .warning
        }
        return measurement
    }

    // MARK: - stale_batch

    private func staleBatch(_ batch: AlertSnapshot.SubmittedBatch, now: Date) -> AlertMeasurement {
        let age = max(0, now.timeIntervalSince(batch.submittedAt)).rounded(.down)
        let limit = Double(Self.wholeSeconds(thresholds.staleBatchAfter))
        let status = batch.providerStatus.map { " (provider status \($0))" } ?? ""
        return AlertMeasurement(
            kind: .staleBatch, tenant: AlertEvent.globalTenant,
            subject: "\(batch.provider.rawValue)/\(batch.providerBatchID)", observed: age, threshold: limit,
            windowSeconds: nil, provider: batch.provider, model: batch.model, batchID: batch.providerBatchID,
            // A batch past its provider's completion window will not finish on its own: critical.
            breach: age > limit ? .critical : nil,
            message: "\(batch.provider.rawValue) batch \(batch.providerBatchID) for \(batch.model) has been in "
                + "flight for \(Self.describe(seconds: Int(age)))\(status) (limit \(Self.describe(seconds: Int(limit))))")
    }

    // MARK: - backlog

    private func backlog(_ snapshot: AlertSnapshot) -> [AlertMeasurement] {
        [
            backlog(
                subject: "requests", value: snapshot.pendingRequests, limit: thresholds.backlogRequests,
                what: "journaled requests are waiting to be submitted"),
            backlog(
                subject: "outbox", value: snapshot.outboxBacklog, limit: thresholds.backlogOutbox,
                what: "output records are waiting to be published to Kafka"),
        ]
    }

    private func backlog(subject: String, value: Int, limit: Int, what: String) -> AlertMeasurement {
        // Ten times the limit means it is not catching up: critical.
        let critical = limit > Int.max / 10 ? Int.max : limit * 10
        let breach: AlertSeverity? = value > limit ? (value >= critical ? .critical : .warning) : nil
        return AlertMeasurement(
            kind: .backlog, tenant: AlertEvent.globalTenant, subject: subject, observed: Double(max(0, value)),
            threshold: Double(max(0, limit)), windowSeconds: nil, provider: nil, model: nil, batchID: nil,
            breach: breach, message: "\(value) \(what) (threshold \(limit))")
    }

    // MARK: - Helpers

    private static func merged(_ results: [AlertSnapshot.ResultCounts]) -> [AlertSnapshot.ResultCounts] {
        var merged: [String: AlertSnapshot.ResultCounts] = [:]
        for counts in results {
            let key = "\(counts.tenant)\u{0}\(counts.provider?.rawValue ?? "")\u{0}\(counts.model ?? "")"
            if var existing = merged[key] {
                existing.succeeded += counts.succeeded
                existing.failed += counts.failed
                merged[key] = existing
            } else {
                merged[key] = counts
            }
        }
        return Array(merged.values)
    }

    private static func merged(_ usages: [AlertSnapshot.CacheUsage]) -> [AlertSnapshot.CacheUsage] {
        var merged: [String: AlertSnapshot.CacheUsage] = [:]
        for usage in usages {
            let key = "\(usage.provider.rawValue)\u{0}\(usage.model)"
            if var existing = merged[key] {
                existing.requests += usage.requests
                existing.usage = existing.usage + usage.usage
                merged[key] = existing
            } else {
                merged[key] = usage
            }
        }
        return Array(merged.values)
    }

    /// At least 1: the contract's `window_seconds` is positive.
    static func wholeSeconds(_ duration: Duration) -> Int {
        max(1, Int(duration.components.seconds))
    }

    static func percent(_ fraction: Double) -> String {
        let value = (fraction * 1000).rounded() / 10
        return value == value.rounded() ? "\(Int(value))%" : "\(value)%"
    }

    /// `45 seconds`, `15 minutes`, `26h`, `1h 30m`.
    static func describe(seconds: Int) -> String {
        if seconds < 120 { return "\(seconds) seconds" }
        if seconds < 7200, seconds % 60 == 0 { return "\(seconds / 60) minutes" }
        let hours = seconds / 3600
        let minutes = (seconds % 3600) / 60
        if hours == 0 { return "\(minutes)m" }
        return minutes == 0 ? "\(hours)h" : "\(hours)h \(minutes)m"
    }
}
