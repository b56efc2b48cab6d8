import Foundation

/// How long the planner took over a large workload (issue 5: under one second for 100k requests).
package struct PlanningTiming: Sendable, Hashable, Encodable {
    /// Requests planned.
    package var requests: Int
    /// Accumulator buckets they fell into.
    package var buckets: Int
    /// `BatchPlanner.plan` calls (a cold chunk with a primer takes two).
    package var planCalls: Int
    /// Requests the plans sent with a cache prefix (primers included).
    package var cachedRequests: Int
    /// Wall-clock seconds inside the planner.
    package var seconds: Double
    /// CPU seconds the planner's thread used: next to wall time, it shows how much of a slow
    /// run was other work on a shared machine.
    package var cpuSeconds: Double
    /// `debug` or `release`: planner times differ several-fold between them.
    package var build: String

    /// The goal.
    package static let goalSeconds = 1.0

    /// Whether planning took under ``goalSeconds`` of wall time, the time a user waits.
    package var meetsGoal: Bool { seconds < Self.goalSeconds }

    private enum CodingKeys: String, CodingKey {
        case requests, buckets, seconds, build
        case cpuSeconds = "cpu_seconds"
        case planCalls = "plan_calls"
        case cachedRequests = "cached_requests"
        case meetsGoal = "meets_goal"
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(requests, forKey: .requests)
        try container.encode(buckets, forKey: .buckets)
        try container.encode(planCalls, forKey: .planCalls)
        try container.encode(cachedRequests, forKey: .cachedRequests)
        try container.encode(seconds, forKey: .seconds)
        try container.encode(cpuSeconds, forKey: .cpuSeconds)
        try container.encode(build, forKey: .build)
        try container.encode(meetsGoal, forKey: .meetsGoal)
    }

    /// One line for the terminal.
    package func render() -> String {
        let mark = meetsGoal ? "PASS" : "FAIL"
        return "Planning time: \(requests) requests in \(buckets) buckets, \(planCalls) plans, \(cachedRequests) cached: "
            + String(format: "%.3f s CPU, %.3f s wall", cpuSeconds, seconds) + " (\(build) build; goal < 1 s: \(mark))"
    }
}
