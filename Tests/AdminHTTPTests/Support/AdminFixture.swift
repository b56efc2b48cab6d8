import AdminHTTP
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Prometheus
import ServiceLifecycle
import StateStore

/// A store with known contents: four requests journaled; r1, r2, r3 in a submitted batch
/// (`msgbatch_1`) of which r1 and r2 have results and ledger rows; r4 still pending.
enum AdminFixture {
    static let logger = Logger(label: "admin-tests", factory: { _ in SwiftLogNoOpLogHandler() })
    static let providerBatchID = "msgbatch_1"

    /// Runs `body` with a freshly seeded store in a temp dir, closed and removed afterwards.
    static func withSeededStore<T>(_ body: (StateStore, UUID) async throws -> T) async throws -> T {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("admin-tests-\(UUID().uuidString.lowercased())", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try await StateStore.open(directory: root.appendingPathComponent("data"), logger: logger)
        do {
            let batchID = try await seed(store)
            let result = try await body(store, batchID)
            try await store.close()
            return result
        } catch {
            try? await store.close()
            throw error
        }
    }

    static func seed(_ store: StateStore) async throws -> UUID {
        _ = try await store.journal(["r1", "r2", "r3", "r4"].enumerated().map { entry(id: $1, offset: Int64($0)) })
        let batch = try await store.planBatch(
            NewBatch(
                provider: "anthropic", model: "claude-sonnet-4-5", endpoint: .chat, bucket: "anthropic/claude/chat/p1",
                plan: Data("plan".utf8),
                items: ["r1", "r2", "r3"].map { NewBatchItem(customID: "c-\($0)", request: key($0)) },
                createdAt: 2_000))
        _ = try await store.transition(batch.id, from: .planned, to: .submitting, at: 2_100)
        _ = try await store.transition(
            batch.id, from: .submitting, to: .submitted, at: 2_200,
            changes: BatchChanges(providerBatchID: providerBatchID))
        _ = try await store.recordResults(
            batchID: batch.id,
            [
                ItemOutcome(
                    customID: "c-r1", resolution: .completed(result: result("r1")),
                    ledger: ledger("r1", input: 10, cacheRead: 1_000, write5m: 0, output: 50, actual: "0.0012", baseline: "0.0100")),
                ItemOutcome(
                    customID: "c-r2", resolution: .completed(result: result("r2")),
                    ledger: ledger("r2", input: 20, cacheRead: 0, write5m: 1_000, output: 70, actual: "0.0045", baseline: "0.0105")),
            ],
            at: 3_000)
        return batch.id
    }

    static func key(_ id: String) -> RequestKey { RequestKey(tenant: "acme", requestID: id) }

    static func entry(id: String, offset: Int64) -> JournalEntry {
        JournalEntry(
            tenant: "acme", requestID: id, kafkaKey: Data("key-\(id)".utf8), headers: [],
            sourceTopic: "llm.requests", sourcePartition: 0, sourceOffset: offset,
            event: Data(#"{"id":"\#(id)"}"#.utf8), rendered: Data("rendered \(id)".utf8),
            provider: "anthropic", model: "claude-sonnet-4-5", endpoint: .chat, bucket: "anthropic/claude/chat/p1",
            priority: .normal, deadline: nil, receivedAt: 1_000, estimatedInputTokens: 100, byteSize: 400)
    }

    static func result(_ id: String) -> OutboxRecord {
        OutboxRecord(
            topic: "llm.results", key: Data("key-\(id)".utf8), value: Data(#"{"id":"\#(id)"}"#.utf8),
            dedupeKey: "result:acme:\(id)")
    }

    static func ledger(
        _ id: String, input: Int, cacheRead: Int, write5m: Int, output: Int, actual: String, baseline: String
    ) -> LedgerEntry {
        LedgerEntry(
            provider: "anthropic", providerBatchID: providerBatchID, customID: "c-\(id)", tenant: "acme",
            requestID: id, model: "claude-sonnet-4-5", mode: .batch, inputTokens: input,
            cacheReadInputTokens: cacheRead, cacheWrite5mInputTokens: write5m, cacheWrite1hInputTokens: 0,
            outputTokens: output, actualUSD: Decimal(string: actual)!, baselineUSD: Decimal(string: baseline)!)
    }
}

/// A running admin server on 127.0.0.1, port 0.
struct RunningAdmin: Sendable {
    let server: AdminServer
    let baseURL: String
    let registry: PrometheusCollectorRegistry

    /// Sends a request and collects the whole body.
    func send(_ method: HTTPMethod = .GET, _ path: String) async throws -> (status: Int, body: String, contentType: String?) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body), response.headers.first(name: "content-type"))
    }

    /// Sends a request and parses the body as a JSON object.
    func json(_ method: HTTPMethod = .GET, _ path: String) async throws -> (status: Int, object: [String: Any]) {
        let (status, body, _) = try await send(method, path)
        let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return (status, object ?? [:])
    }
}

/// Starts an admin server over `backend` in a ServiceGroup, runs `body`, then shuts it down
/// gracefully and checks that `run()` returned.
func withAdminServer<T>(
    backend: any AdminBackend, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    _ body: (RunningAdmin) async throws -> T
) async throws -> T {
    let server = AdminServer(
        configuration: AdminConfiguration(host: "127.0.0.1", port: 0), backend: backend, registry: registry,
        logger: AdminFixture.logger)
    let group = ServiceGroup(services: [server], logger: AdminFixture.logger)
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        let outcome: Result<T, any Error>
        do {
            let address = try await server.boundAddress
            outcome = .success(
                try await body(RunningAdmin(server: server, baseURL: address.localURL, registry: registry)))
        } catch {
            outcome = .failure(error)
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
        return try outcome.get()
    }
}
