package import Logging
import ServiceLifecycle

/// Runs the ``RealtimeExecutor`` when the accumulator routes requests to realtime.
package struct RealtimeService: Service {
    let executor: RealtimeExecutor
    let doorbell: Doorbell
    let logger: Logger

    package init(executor: RealtimeExecutor, doorbell: Doorbell, logger: Logger) {
        self.executor = executor
        self.doorbell = doorbell
        self.logger = logger
    }

    package func run() async throws {
        await ServiceLoop.run(name: "Realtime", doorbell: doorbell, logger: logger) { [executor] in
            try await executor.pass()
            return .seconds(5)
        }
    }
}
