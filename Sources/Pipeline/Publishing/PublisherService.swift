package import Logging
import ServiceLifecycle

/// Runs the ``Publisher`` whenever the outbox grows, and keeps at it while rounds come back full.
/// It stops after the stages that feed it, so what they recorded on the way out is published too.
package struct PublisherService: Service {
    let publisher: Publisher
    let doorbell: Doorbell
    let logger: Logger

    package init(publisher: Publisher, doorbell: Doorbell, logger: Logger) {
        self.publisher = publisher
        self.doorbell = doorbell
        self.logger = logger
    }

    package func run() async throws {
        await ServiceLoop.run(name: "Publisher", doorbell: doorbell, logger: logger) { [publisher] in
            try await publisher.pass() ? .zero : .seconds(1)
        }
        // Drain what is left after the upstream stages stopped.
        while (try? await publisher.pass()) == true {}
    }
}
