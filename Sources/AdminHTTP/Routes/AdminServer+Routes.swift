import Foundation
import Hummingbird
import Logging
import Prometheus
import StateStore

extension AdminServer {
    /// The Prometheus text exposition format, version 0.0.4.
    static let prometheusContentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Readiness as `/readyz` reports it.
    struct Readiness: Encodable {
        var status: String
        var checks: [String: Bool]
    }

    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.get("healthz") { _, _ in AdminReply.json(["status": "ok"]) }
        router.get("readyz") { [self] _, _ in await readyz() }
        router.get("metrics") { [self] _, _ in await metrics() }
        router.get("v1/stats") { [self] _, _ in await stats() }
        router.get("v1/batches") { [self] request, _ in
            await batches(
                stateValues: request.uri.queryParameters.getAll("state"),
                limitValue: request.uri.queryParameters.get("limit"))
        }
        router.post("v1/flush") { [self] _, _ in await flush() }
        return router
    }

    // MARK: - Handlers

    /// Ready only when every check is true; with no checks at all there is nothing to wait for.
    func readyz() async -> Response {
        let checks = await backend.readiness()
        let ready = checks.values.allSatisfy { $0 }
        return AdminReply.json(
            Readiness(status: ready ? "ready" : "not_ready", checks: checks),
            status: ready ? .ok : .serviceUnavailable)
    }

    /// Refreshes the store gauges, then exports everything. A failed store read still answers with
    /// the counters (and the gauges' previous values), counted in
    /// ``SluiceMetrics/statsRefreshFailures``, so that one bad read does not blank the dashboards.
    func metrics() async -> Response {
        do {
            gauges.refresh(from: try await backend.stats(), now: Date())
        } catch {
            gauges.recordRefreshFailure()
            logger.warning(
                "Metrics scrape could not read the store",
                metadata: [AdminLoggingKeys.route: "/metrics", AdminLoggingKeys.error: "\(error)"])
        }
        return AdminReply.bytes(registry.emitToBuffer(), contentType: Self.prometheusContentType)
    }

    func stats() async -> Response {
        do {
            let stats = try await backend.stats()
            let pipeline = await backend.pipelineStats()
            return AdminReply.json(StatsDocument(stats: stats, pipeline: pipeline, now: Date()))
        } catch {
            return failure(route: "/v1/stats", error)
        }
    }

    func batches(stateValues: [String], limitValue: String?) async -> Response {
        let query: BatchQuery
        do throws(AdminRequestError) {
            query = try BatchQuery(stateValues: stateValues, limitValue: limitValue)
        } catch {
            return AdminReply.error(error)
        }
        do {
            let batches = try await backend.batches(states: query.states, limit: query.limit)
            return AdminReply.json(BatchList(batches: batches.prefix(query.limit).map(BatchSummary.init)))
        } catch {
            return failure(route: "/v1/batches", error)
        }
    }

    func flush() async -> Response {
        do {
            let released = try await backend.flush()
            logger.info("Flush requested through the admin API", metadata: ["admin.released": "\(released)"])
            return AdminReply.json(["released": released], status: .accepted)
        } catch {
            return failure(route: "/v1/flush", error)
        }
    }

    private func failure(route: String, _ error: any Error) -> Response {
        logger.warning(
            "Admin request failed", metadata: [AdminLoggingKeys.route: "\(route)", AdminLoggingKeys.error: "\(error)"])
        return AdminReply.error(.internalError("\(error)"))
    }
}
