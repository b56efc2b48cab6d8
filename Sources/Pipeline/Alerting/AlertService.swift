package import Logging
import ServiceLifecycle

/// Runs the ``AlertMonitor`` every ``PipelineConfiguration/alertInterval``.
package struct AlertService: Service {
    let monitor: AlertMonitor
    let interval: Duration
    let doorbell = Doorbell()
    let logger: Logger

    package init(monitor: AlertMonitor, interval: Duration, logger: Logger) {
        self.monitor = monitor
        self.interval = interval
        self.logger = logger
    }

    package func run() async throws {
        await ServiceLoop.run(name: "Alerts", doorbell: doorbell, logger: logger) { [monitor, interval] in
            try await monitor.pass()
            return interval
        }
    }
}
