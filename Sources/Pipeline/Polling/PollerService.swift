import Foundation
package import Logging
import ServiceLifecycle

/// Runs the ``Poller`` when a batch is submitted and whenever a poll falls due.
package struct PollerService: Service {
    let poller: Poller
    let doorbell: Doorbell
    let logger: Logger

    package init(poller: Poller, doorbell: Doorbell, logger: Logger) {
        self.poller = poller
        self.doorbell = doorbell
        self.logger = logger
    }

    package func run() async throws {
        await ServiceLoop.run(name: "Poller", doorbell: doorbell, logger: logger) { [poller] in
            guard let next = try await poller.pass() else { return .seconds(5) }
            return .milliseconds(max(1, Int64(next.timeIntervalSinceNow * 1000)))
        }
    }
}
