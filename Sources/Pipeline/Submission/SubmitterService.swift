import Foundation
package import Logging
import ServiceLifecycle

/// Runs the ``Submitter`` when the accumulator plans a batch, and when a held-back batch is due.
package struct SubmitterService: Service {
    let submitter: Submitter
    let doorbell: Doorbell
    let logger: Logger

    package init(submitter: Submitter, doorbell: Doorbell, logger: Logger) {
        self.submitter = submitter
        self.doorbell = doorbell
        self.logger = logger
    }

    package func run() async throws {
        await ServiceLoop.run(name: "Submitter", doorbell: doorbell, logger: logger) { [submitter] in
            guard let next = try await submitter.pass() else { return .seconds(5) }
            return .milliseconds(max(1, Int64(next.timeIntervalSinceNow * 1000)))
        }
    }
}
