package import Foundation

/// When pending requests leave the accumulator as a provider batch, and when one skips batching.
///
/// A bucket goes out as soon as it is full (the configured size or the provider's ceiling), or
/// when its most urgent request can wait no longer: high priority after ``highPriorityMaxWait``,
/// normal after ``maxWait``, low inside ``lowPriorityWindow`` (if one is set; capped by
/// ``lowPriorityMaxWait``), and always early enough that a batch taking ``expectedTurnaround``
/// still meets the earliest deadline.
package struct FlushPolicy: Sendable, Hashable {
    /// Most requests in one batch (`SLUICE_BATCH_MAX_REQUESTS`).
    package var maxRequests: Int
    /// Most bytes of rendered requests in one batch.
    package var maxBytes: Int
    /// How long the oldest normal request may wait (`SLUICE_BATCH_MAX_WAIT`).
    package var maxWait: Duration
    /// How long the oldest high-priority request may wait.
    package var highPriorityMaxWait: Duration
    /// How long a provider batch is expected to take; deadlines nearer than this go realtime.
    package var expectedTurnaround: Duration
    /// Requests older than this skip batching (nil: never; zero: every request, also one journaled
    /// after the accumulator's tick began, whose receipt time is later than the tick's clock).
    package var realtimeAfter: Duration?
    /// When low-priority work goes out (nil: like normal work).
    package var lowPriorityWindow: DailyWindow?
    /// The longest low-priority work waits for its window.
    package var lowPriorityMaxWait: Duration

    package init(
        maxRequests: Int = 10_000,
        maxBytes: Int = 100 * 1_024 * 1_024,
        maxWait: Duration = .seconds(300),
        highPriorityMaxWait: Duration = .seconds(30),
        expectedTurnaround: Duration = .seconds(3_600),
        realtimeAfter: Duration? = nil,
        lowPriorityWindow: DailyWindow? = nil,
        lowPriorityMaxWait: Duration = .seconds(86_400)
    ) {
        self.maxRequests = maxRequests
        self.maxBytes = maxBytes
        self.maxWait = maxWait
        self.highPriorityMaxWait = highPriorityMaxWait
        self.expectedTurnaround = expectedTurnaround
        self.realtimeAfter = realtimeAfter
        self.lowPriorityWindow = lowPriorityWindow
        self.lowPriorityMaxWait = lowPriorityMaxWait
    }

    /// Decides what to do with `bucket` at `now`.
    /// - Parameter onDemand: somebody asked for everything pending to go out now.
    package func decide(_ bucket: BucketState, now: Date, onDemand: Bool = false) -> FlushDecision {
        guard bucket.count > 0 else { return .idle }
        if onDemand { return .flush(.onDemand) }
        if bucket.count >= bucket.providerMaxRequests || bucket.bytes >= bucket.providerMaxBytes {
            return .flush(.providerLimit)
        }
        if bucket.count >= maxRequests { return .flush(.maxRequests) }
        if bucket.bytes >= maxBytes { return .flush(.maxBytes) }

        var due: [(Date, FlushReason)] = []
        if let oldest = bucket.oldestByPriority[.high] {
            due.append((oldest + highPriorityMaxWait, .highPriority))
        }
        if let oldest = bucket.oldestByPriority[.normal] {
            due.append((oldest + maxWait, .maxAge))
        }
        if let oldest = bucket.oldestByPriority[.low] {
            if let window = lowPriorityWindow {
                let opening = window.nextOpening(atOrAfter: max(now, oldest + maxWait))
                due.append((min(opening, oldest + lowPriorityMaxWait), .window))
            } else {
                due.append((oldest + maxWait, .maxAge))
            }
        }
        if let deadline = bucket.earliestDeadline {
            due.append((deadline - expectedTurnaround, .deadline))
        }
        guard let first = due.min(by: { $0.0 < $1.0 }) else { return .idle }
        return first.0 <= now ? .flush(first.1) : .wait(until: first.0, reason: first.1)
    }

    /// Whether one request should skip batching.
    package func route(receivedAt: Date, deadline: Date?, now: Date) -> RequestRoute {
        if let deadline, deadline - expectedTurnaround < now { return .realtime(.deadline) }
        if let realtimeAfter, realtimeAfter <= .zero || receivedAt + realtimeAfter <= now { return .realtime(.age) }
        return .batch
    }
}

extension Date {
    static func + (date: Date, duration: Duration) -> Date {
        date.addingTimeInterval(duration.timeInterval)
    }

    static func - (date: Date, duration: Duration) -> Date {
        date.addingTimeInterval(-duration.timeInterval)
    }
}

extension Duration {
    /// Seconds as a `TimeInterval`.
    package var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
