import Hummingbird
package import Logging
package import Prometheus
import ServiceLifecycle
import Synchronization

/// The admin HTTP API as a swift-service-lifecycle `Service`: health and readiness probes,
/// Prometheus metrics, stats and batches as JSON, and a flush control.
///
/// | route | answer |
/// |---|---|
/// | `GET /healthz` | 200 `{"status":"ok"}` while the process serves |
/// | `GET /readyz` | 200 when every ``AdminBackend/readiness()`` check is true, else 503; lists them |
/// | `GET /metrics` | the registry in Prometheus text format; store gauges refreshed first |
/// | `GET /v1/stats` | requests, batches, outbox, ledger (dollars as decimal strings), pipeline |
/// | `GET /v1/batches?state=…&limit=…` | batches, oldest first; 400 on an unknown state |
/// | `POST /v1/flush` | 202 `{"released": n}` |
///
/// - Important: `run()` may be called once. The API has no authentication: bind it to loopback or
///   a private network. Put it in the `ServiceGroup` after the pipeline, so that on shutdown
///   (which runs in reverse) it stops answering probes first.
package final class AdminServer: Service, Sendable {
    private struct Binding {
        var address: AdminAddress?
        var failure: (any Error)?
        var waiters: [CheckedContinuation<AdminAddress, any Error>] = []
    }

    /// The configuration it was started with.
    package let configuration: AdminConfiguration
    let backend: any AdminBackend
    let registry: PrometheusCollectorRegistry
    let gauges: StoreGauges
    let logger: Logger
    private let binding = Mutex(Binding())

    /// Prepares the server without binding; registers the store gauges' counters in `registry`.
    ///
    /// - Parameters:
    ///   - configuration: Where to listen.
    ///   - backend: The running service, as the API sees it.
    ///   - registry: What `/metrics` exports; pass the one given to ``SluiceMetrics/bootstrapOnce(registry:)``
    ///     so that the pipeline's counters appear too.
    ///   - logger: Where the server logs (info and below).
    package init(
        configuration: AdminConfiguration, backend: any AdminBackend, registry: PrometheusCollectorRegistry,
        logger: Logger
    ) {
        self.configuration = configuration
        self.backend = backend
        self.registry = registry
        self.gauges = StoreGauges(registry: registry)
        self.logger = logger
    }

    /// Serves until graceful shutdown or cancellation.
    /// - Throws: when the address cannot be bound.
    package func run() async throws {
        let application = Application(
            router: makeRouter(),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: nil
            ),
            onServerRunning: { [self] channel in
                self.didBind(port: channel.localAddress?.port)
            },
            logger: logger
        )
        do {
            try await application.run()
        } catch {
            didStop(error)
            throw error
        }
        didStop(AdminHTTPError.notRunning("the admin server has stopped"))
    }

    /// The address it listens on, waiting until it does.
    /// - Throws: ``AdminHTTPError`` (`isNotRunning`) when it failed to start or has stopped.
    package var boundAddress: AdminAddress {
        get async throws {
            try await withCheckedThrowingContinuation { continuation in
                let ready: Result<AdminAddress, any Error>? = binding.withLock { binding in
                    if let address = binding.address { return .success(address) }
                    if let failure = binding.failure { return .failure(failure) }
                    binding.waiters.append(continuation)
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        }
    }

    private func didBind(port: Int?) {
        guard let port else {
            didStop(AdminHTTPError.notRunning("the admin server bound no TCP port"))
            return
        }
        let address = AdminAddress(host: configuration.host, port: port)
        let waiters = binding.withLock { binding in
            binding.address = address
            defer { binding.waiters = [] }
            return binding.waiters
        }
        logger.info("Admin server listening", metadata: [AdminLoggingKeys.address: "\(address)"])
        for waiter in waiters { waiter.resume(returning: address) }
    }

    private func didStop(_ error: any Error) {
        let waiters = binding.withLock { binding in
            binding.address = nil
            binding.failure = binding.failure ?? error
            defer { binding.waiters = [] }
            return binding.waiters
        }
        for waiter in waiters { waiter.resume(throwing: error) }
    }
}
