import Foundation
package import Logging
import ServiceLifecycle

/// Runs the ``Accumulator`` when the intake journals something, when a bucket falls due, and at
/// least every ``PipelineConfiguration/accumulatorInterval``.
package struct AccumulatorService: Service {
    let accumulator: Accumulator
    let doorbell: Doorbell
    let interval: Duration
    let logger: Logger

    package init(accumulator: Accumulator, doorbell: Doorbell, interval: Duration, logger: Logger) {
        self.accumulator = accumulator
        self.doorbell = doorbell
        self.interval = interval
        self.logger = logger
    }

    package func run() async throws {
        await ServiceLoop.run(name: "Accumulator", doorbell: doorbell, logger: logger) { [accumulator, interval] in
            let (_, nextDue) = try await accumulator.tick()
            guard let nextDue else { return interval }
            let seconds = max(0, nextDue.timeIntervalSinceNow)
            return min(interval, .milliseconds(Int64(seconds * 1000) + 1))
        }
    }
}
