package import Foundation
import Crypto

/// Turns snapshots of the service into alert events: pure, deterministic, no I/O.
///
/// The caller keeps the `firing` dictionary between evaluations (and may persist it); each call
/// returns only the transitions: a condition that starts, one that escalates to a higher severity,
/// and one that clears. A condition that simply goes on firing produces nothing.
///
/// Ids are stable per transition: `alert/<kind>/<tenant>/<subject>/<firing-since-ms>` names the
/// episode, and `/firing-<severity>` or `/resolved` is appended, so that the CloudEvents `ce_id`
/// lets downstream drop a re-published copy without ever merging two different transitions.
package struct AlertRules: Sendable {
    /// The thresholds in force.
    package let thresholds: AlertThresholds
    /// The service instance, for messages and logs (the CloudEvents `ce_source` is set by the publisher).
    package let source: String

    /// - Parameters:
    ///   - thresholds: When to fire.
    ///   - source: The instance's name.
    package init(thresholds: AlertThresholds, source: String) {
        self.thresholds = thresholds
        self.source = source
    }

    /// Compares `snapshot` with what is firing and returns the transitions, in key order.
    ///
    /// - Parameters:
    ///   - snapshot: The reading to judge.
    ///   - firing: The alerts firing now, by condition key; updated in place (started and
    ///     escalated alerts in, resolved ones out). Start with an empty dictionary.
    ///   - now: The evaluation time: each event's `detected_at`, and the start of new episodes.
    /// - Returns: Alert events to publish: `firing` when a condition starts or escalates,
    ///   `resolved` when it clears or can no longer be measured (no results in the window, the
    ///   batch is final).
    package func evaluate(_ snapshot: AlertSnapshot, firing: inout [String: AlertEvent], now: Date) -> [AlertEvent] {
        let detectedAt = EventTimestamp(now)
        var events: [AlertEvent] = []
        var measured: Set<String> = []
        for measurement in measure(snapshot, firing: firing, now: now) {
            measured.insert(measurement.key)
            switch (firing[measurement.key], measurement.breach) {
            case (nil, nil):
                continue
            case (nil, let severity?):
                let sinceMilliseconds = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
                let episode = Self.episodeID(measurement, sinceMilliseconds: sinceMilliseconds)
                let event = makeEvent(measurement, episode: episode, state: .firing, severity: severity, at: detectedAt)
                firing[measurement.key] = event
                events.append(event)
            case (let previous?, let severity?):
                guard severity.rank > previous.severity.rank else { continue }
                let event = makeEvent(
                    measurement, episode: Self.episode(of: previous), state: .firing, severity: severity, at: detectedAt)
                firing[measurement.key] = event
                events.append(event)
            case (let previous?, nil):
                firing[measurement.key] = nil
                events.append(
                    makeEvent(
                        measurement, episode: Self.episode(of: previous), state: .resolved,
                        severity: previous.severity, at: detectedAt))
            }
        }
        for key in firing.keys.sorted() where !measured.contains(key) {
            guard let previous = firing.removeValue(forKey: key) else { continue }
            var resolved = previous
            resolved.id = Self.episode(of: previous) + "/resolved"
            resolved.state = .resolved
            resolved.detectedAt = detectedAt
            resolved.message = Self.unmeasuredMessage(previous)
            events.append(resolved)
        }
        return events
    }

    // MARK: - Events

    private func makeEvent(
        _ measurement: AlertMeasurement, episode: String, state: AlertState, severity: AlertSeverity,
        at detectedAt: EventTimestamp
    ) -> AlertEvent {
        let suffix = state == .firing ? "firing-\(severity.rawValue)" : "resolved"
        return AlertEvent(
            id: "\(episode)/\(suffix)", tenant: measurement.tenant, kind: measurement.kind, severity: severity,
            state: state, observed: measurement.observed, threshold: measurement.threshold,
            windowSeconds: measurement.windowSeconds, provider: measurement.provider, model: measurement.model,
            batchID: measurement.batchID,
            message: state == .firing ? measurement.message : "Resolved: \(measurement.message)",
            detectedAt: detectedAt)
    }

    /// The longest suffix is `/firing-critical`; event ids may be 256 characters.
    static let maximumEpisodeLength = 256 - "/firing-critical".count

    /// `alert/<kind>/<tenant>/<subject>/<since-ms>`, with an over-long subject replaced by its hash.
    static func episodeID(_ measurement: AlertMeasurement, sinceMilliseconds: Int64) -> String {
        let id = "alert/\(measurement.kind.rawValue)/\(measurement.tenant)/\(measurement.subject)/\(sinceMilliseconds)"
        guard id.count > maximumEpisodeLength else { return id }
        let digest = SHA256.hash(data: Data(measurement.subject.utf8)).prefix(12)
        let hashed = "sha256-" + Hex.string(digest)
        return "alert/\(measurement.kind.rawValue)/\(measurement.tenant)/\(hashed)/\(sinceMilliseconds)"
    }

    /// A firing event's episode: its id without the last component (subjects may contain `/`,
    /// the suffix never does).
    static func episode(of event: AlertEvent) -> String {
        guard let slash = event.id.lastIndex(of: "/") else { return event.id }
        return String(event.id[..<slash])
    }

    private static func unmeasuredMessage(_ previous: AlertEvent) -> String {
        let reason =
            switch previous.kind {
            case .failureRate: "no finished requests in the window"
            case .lowCacheHitRatio: "no prompt tokens in the window"
            case .staleBatch: "the batch is no longer in flight"
            case .backlog: "no longer measured"
            }
        return "Resolved (\(reason)): \(previous.message)"
    }
}
