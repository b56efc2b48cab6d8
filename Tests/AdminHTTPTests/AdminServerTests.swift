import AdminHTTP
import Foundation
import Metrics
import NIOHTTP1
import Prometheus
import StateStore
import Synchronization
import Testing

@Suite("Admin HTTP server over a real store", .timeLimit(.minutes(1)))
struct AdminServerTests {
    @Test("/healthz answers ok and the server binds a real port")
    func health() async throws {
        try await AdminFixture.withSeededStore { store, _ in
            try await withAdminServer(backend: TestBackend(store: store)) { admin in
                let address = try await admin.server.boundAddress
                #expect(address.port > 0)
                #expect(address.host == "127.0.0.1")
                let (status, body, contentType) = try await admin.send(.GET, "/healthz")
                #expect(status == 200)
                #expect(body == #"{"status":"ok"}"#)
                #expect(contentType == "application/json")
                #expect(try await admin.send(.GET, "/nowhere").status == 404)
            }
        }
    }

    @Test("/readyz is 200 when every check passes and 503 listing the checks otherwise")
    func readiness() async throws {
        try await AdminFixture.withSeededStore { store, _ in
            let backend = TestBackend(store: store)
            try await withAdminServer(backend: backend) { admin in
                let ready = try await admin.json(.GET, "/readyz")
                #expect(ready.status == 200)
                #expect(ready.object["status"] as? String == "ready")

                backend.checks.withLock { $0["kafka_consumer_assigned"] = false }
                let notReady = try await admin.json(.GET, "/readyz")
                #expect(notReady.status == 503)
                #expect(notReady.object["status"] as? String == "not_ready")
                let checks = notReady.object["checks"] as? [String: Bool]
                #expect(checks == ["state_store": true, "kafka_producer": true, "kafka_consumer_assigned": false])
            }
        }
    }

    @Test("/metrics exports the store gauges with the store's values, and the pipeline's counters")
    func metrics() async throws {
        try await AdminFixture.withSeededStore { store, _ in
            let registry = PrometheusCollectorRegistry()
            try await withAdminServer(backend: TestBackend(store: store), registry: registry) { admin in
                // The pipeline counts through swift-metrics; here with the factory passed explicitly,
                // since bootstrapping the process-wide system would leak into other suites.
                let factory = PrometheusMetricsFactory(registry: registry)
                Counter(label: SluiceMetrics.eventsIn, factory: factory).increment(by: 4)
                Counter(
                    label: SluiceMetrics.resultsPublished, dimensions: [(SluiceMetrics.statusLabel, "succeeded")],
                    factory: factory
                ).increment(by: 2)

                let (status, text, contentType) = try await admin.send(.GET, "/metrics")
                #expect(status == 200)
                #expect(contentType == "text/plain; version=0.0.4; charset=utf-8")
                let samples = PrometheusText.samples(text)
                #expect(samples[#"sluice_requests{status="pending"}"#] == 1)
                #expect(samples[#"sluice_requests{status="planned"}"#] == 1)
                #expect(samples[#"sluice_requests{status="completed"}"#] == 2)
                #expect(samples[#"sluice_requests{status="failed"}"#] == 0)
                #expect(samples[#"sluice_batches{state="submitted"}"#] == 1)
                #expect(samples[#"sluice_batches{state="published"}"#] == 0)
                #expect(samples["sluice_outbox_backlog"] == 2)
                #expect((samples["sluice_outbox_oldest_unpublished_age_seconds"] ?? 0) > 0)
                let subject = #"provider="anthropic",model="claude-sonnet-4-5""#
                #expect(samples["sluice_tokens_total{\(subject),kind=\"input\"}"] == 30)
                #expect(samples["sluice_tokens_total{\(subject),kind=\"cache_read\"}"] == 1_000)
                #expect(samples["sluice_tokens_total{\(subject),kind=\"cache_write\"}"] == 1_000)
                #expect(samples["sluice_tokens_total{\(subject),kind=\"output\"}"] == 120)
                #expect(samples["sluice_dollars_total{\(subject),kind=\"baseline\"}"] == 0.0205)
                #expect(samples["sluice_dollars_total{\(subject),kind=\"actual\"}"] == 0.0057)
                #expect(abs((samples["sluice_dollars_total{\(subject),kind=\"saved\"}"] ?? 0) - 0.0148) < 1e-12)
                #expect(samples["sluice_events_in_total"] == 4)
                #expect(samples[#"sluice_results_published_total{status="succeeded"}"#] == 2)
                // Registered at zero before the first event, so rate() has a first sample.
                #expect(samples["sluice_events_dead_lettered_total"] == 0)
                #expect(samples[#"sluice_batches_submitted_total{provider="openai"}"#] == 0)
                #expect(text.contains("# TYPE sluice_requests gauge"))
                #expect(text.contains("# TYPE sluice_events_in_total counter"))

                // Gauges follow the store at the next scrape.
                _ = try await store.markPublished(
                    ids: try await store.unpublished(limit: 10).compactMap(\.id), at: 4_000)
                let after = PrometheusText.samples(try await admin.send(.GET, "/metrics").body)
                #expect(after["sluice_outbox_backlog"] == 0)
                #expect(after["sluice_outbox_oldest_unpublished_age_seconds"] == 0)
            }
        }
    }

    @Test("a failed store read keeps /metrics serving, counts the failure, and fails /v1/stats with 500")
    func storeFailure() async throws {
        try await AdminFixture.withSeededStore { store, _ in
            let backend = TestBackend(store: store)
            try await withAdminServer(backend: backend) { admin in
                _ = try await admin.send(.GET, "/metrics")
                backend.failStats.withLock { $0 = true }
                let (status, text, _) = try await admin.send(.GET, "/metrics")
                #expect(status == 200)
                let samples = PrometheusText.samples(text)
                #expect(samples["sluice_admin_stats_refresh_failures_total"] == 1)
                #expect(samples["sluice_outbox_backlog"] == 2)  // the last good reading

                let stats = try await admin.json(.GET, "/v1/stats")
                #expect(stats.status == 500)
                let error = stats.object["error"] as? [String: String]
                #expect(error?["code"] == "internal_error")
                #expect(error?["message"]?.contains("store unavailable") == true)
            }
        }
    }

    @Test("/v1/stats reports counts, outbox, ledger dollars as decimal strings, and pipeline figures")
    func stats() async throws {
        try await AdminFixture.withSeededStore { store, _ in
            try await withAdminServer(backend: TestBackend(store: store)) { admin in
                let (status, stats) = try await admin.json(.GET, "/v1/stats")
                #expect(status == 200)
                #expect(stats["requests"] as? [String: Int] == ["pending": 1, "planned": 1, "completed": 2, "failed": 0])
                let batches = stats["batches"] as? [String: Int]
                #expect(batches?["submitted"] == 1)
                #expect(batches?.count == BatchRecord.State.allCases.count)
                let outbox = stats["outbox"] as? [String: Any]
                #expect(outbox?["backlog"] as? Int == 2)
                #expect(outbox?["oldest_unpublished_at"] as? String == "1970-01-01T00:00:03.000Z")
                let ledger = stats["ledger"] as? [[String: Any]]
                #expect(ledger?.count == 1)
                let row = ledger?.first ?? [:]
                #expect(row["provider"] as? String == "anthropic")
                #expect(row["mode"] as? String == "batch")
                #expect(row["entries"] as? Int == 2)
                #expect(row["cache_read_input_tokens"] as? Int == 1_000)
                #expect(row["cache_write_input_tokens"] as? Int == 1_000)
                #expect(row["baseline_usd"] as? String == "0.0205")
                #expect(row["actual_usd"] as? String == "0.0057")
                #expect(row["saved_usd"] as? String == "0.0148")
                #expect(stats["totals"] as? [String: String] == ["baseline_usd": "0.0205", "actual_usd": "0.0057", "saved_usd": "0.0148"])
                // The NaN figure is left out: JSON cannot carry it.
                #expect(stats["pipeline"] as? [String: Double] == ["events_in": 4, "uptime_seconds": 12.5])
            }
        }
    }

    @Test("/v1/batches lists by state, defaults to batches in motion, and rejects unknown states")
    func batches() async throws {
        try await AdminFixture.withSeededStore { store, batchID in
            let backend = TestBackend(store: store)
            try await withAdminServer(backend: backend) { admin in
                let submitted = try await admin.json(.GET, "/v1/batches?state=submitted&limit=100")
                #expect(submitted.status == 200)
                #expect(submitted.object["count"] as? Int == 1)
                let batch = (submitted.object["batches"] as? [[String: Any]])?.first ?? [:]
                #expect(batch["id"] as? String == batchID.uuidString.lowercased())
                #expect(batch["provider"] as? String == "anthropic")
                #expect(batch["provider_batch_id"] as? String == AdminFixture.providerBatchID)
                #expect(batch["state"] as? String == "submitted")
                #expect(batch["kind"] as? String == "batch")
                #expect(batch["mode"] as? String == "batch")
                #expect(batch["item_count"] as? Int == 3)
                #expect(batch["created_at"] as? String == "1970-01-01T00:00:02.000Z")
                #expect(batch["submitted_at"] as? String == "1970-01-01T00:00:02.200Z")
                #expect(batch["ended_at"] is NSNull)
                #expect(batch["error"] is NSNull)

                let published = try await admin.json(.GET, "/v1/batches?state=published,failed")
                #expect(published.object["count"] as? Int == 0)

                let byDefault = try await admin.json(.GET, "/v1/batches")
                #expect(byDefault.object["count"] as? Int == 1)
                let (defaultStates, defaultLimit) = backend.batchQueries.withLock { $0.last! }
                #expect(defaultStates == [.planned, .submitting, .submitted, .ended])
                #expect(defaultLimit == 100)

                let bad = try await admin.json(.GET, "/v1/batches?state=submitted&state=bogus")
                #expect(bad.status == 400)
                let error = bad.object["error"] as? [String: String]
                #expect(error?["code"] == "invalid_parameter")
                #expect(error?["parameter"] == "state")
                #expect(error?["message"]?.contains("'bogus'") == true)

                #expect(try await admin.send(.GET, "/v1/batches?limit=0").status == 400)
                #expect(try await admin.send(.GET, "/v1/batches?limit=ten").status == 400)
                #expect(backend.batchQueries.withLock { $0.count } == 3)  // refused queries never reach it
            }
        }
    }

    @Test("POST /v1/flush answers 202 with the released count; GET does not flush")
    func flush() async throws {
        try await AdminFixture.withSeededStore { store, _ in
            let backend = TestBackend(store: store)
            try await withAdminServer(backend: backend) { admin in
                #expect(try await admin.send(.GET, "/v1/flush").status != 202)
                #expect(backend.flushCalls.withLock { $0 } == 0)
                let (status, body, _) = try await admin.send(.POST, "/v1/flush")
                #expect(status == 202)
                #expect(body == #"{"released":1}"#)
                #expect(backend.flushCalls.withLock { $0 } == 1)
            }
        }
    }

    @Test("a port already in use makes run() throw and boundAddress report it")
    func portInUse() async throws {
        try await AdminFixture.withSeededStore { store, _ in
            try await withAdminServer(backend: TestBackend(store: store)) { admin in
                let taken = try await admin.server.boundAddress.port
                let second = AdminServer(
                    configuration: AdminConfiguration(host: "127.0.0.1", port: taken), backend: TestBackend(store: store),
                    registry: PrometheusCollectorRegistry(), logger: AdminFixture.logger)
                await #expect(throws: (any Error).self) { try await second.run() }
                await #expect(throws: (any Error).self) { _ = try await second.boundAddress }
                // The first server is unaffected.
                #expect(try await admin.send(.GET, "/healthz").status == 200)
            }
        }
    }

    @Test("boundAddress fails once the server has stopped")
    func stopped() async throws {
        try await AdminFixture.withSeededStore { store, _ in
            let server = try await withAdminServer(backend: TestBackend(store: store)) { $0.server }
            await #expect(throws: AdminHTTPError.self) { _ = try await server.boundAddress }
        }
    }
}
