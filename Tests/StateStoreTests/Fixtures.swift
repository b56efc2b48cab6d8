import Foundation
import Logging
import StateStore

/// Runs `body` with a fresh data directory path (not yet created) under the system temp dir,
/// removed afterwards whatever happens.
func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let root = FileManager.default.temporaryDirectory
        .appendingPathComponent("statestore-tests-\(UUID().uuidString.lowercased())", isDirectory: true)
    defer { try? FileManager.default.removeItem(at: root) }
    return try await body(root.appendingPathComponent("data", isDirectory: true))
}

/// Runs `body` with a store opened in a fresh data directory, closed and removed afterwards.
func withStore<T>(
    durability: StateStore.Durability = .full, _ body: (StateStore, URL) async throws -> T
) async throws -> T {
    try await withTemporaryDirectory { directory in
        let store = try await StateStore.open(directory: directory, logger: Fixtures.logger, durability: durability)
        do {
            let result = try await body(store, directory)
            try await store.close()
            return result
        } catch {
            try? await store.close()
            throw error
        }
    }
}

enum Fixtures {
    static let logger = Logger(label: "statestore-tests", factory: { _ in SwiftLogNoOpLogHandler() })

    static func entry(
        tenant: String = "acme", id: String, bucket: String = "anthropic/claude/chat/p1",
        provider: String = "anthropic", model: String = "claude-sonnet-4-5", endpoint: Endpoint = .chat,
        priority: RequestPriority = .normal, deadline: Int64? = nil, receivedAt: Int64 = 1_000,
        tokens: Int = 100, bytes: Int = 400, offset: Int64 = 0, partition: Int32 = 0
    ) -> JournalEntry {
        JournalEntry(
            tenant: tenant, requestID: id, kafkaKey: Data("key-\(id)".utf8),
            headers: [RecordHeader(name: "traceparent", value: "00-\(id)-01")],
            sourceTopic: "llm.requests", sourcePartition: partition, sourceOffset: offset,
            event: Data(#"{"id":"\#(id)"}"#.utf8), rendered: Data("rendered \(id)".utf8),
            provider: provider, model: model, endpoint: endpoint, bucket: bucket, priority: priority,
            deadline: deadline, receivedAt: receivedAt, estimatedInputTokens: tokens, byteSize: bytes)
    }

    static func key(_ id: String, tenant: String = "acme") -> RequestKey {
        RequestKey(tenant: tenant, requestID: id)
    }

    /// A batch of the given requests with custom ids `c-<id>`.
    static func newBatch(
        _ ids: [String], tenant: String = "acme", id: UUID = UUID(), provider: String = "anthropic",
        kind: BatchKind = .batch, createdAt: Int64 = 2_000
    ) -> NewBatch {
        NewBatch(
            id: id, provider: provider, model: "claude-sonnet-4-5", endpoint: .chat,
            bucket: "anthropic/claude/chat/p1", kind: kind, plan: Data("plan".utf8),
            items: ids.map { NewBatchItem(customID: "c-\($0)", request: key($0, tenant: tenant)) },
            createdAt: createdAt)
    }

    static func result(_ id: String, tenant: String = "acme") -> OutboxRecord {
        OutboxRecord(
            topic: "llm.results", key: Data("key-\(id)".utf8), value: Data(#"{"id":"\#(id)"}"#.utf8),
            headers: [RecordHeader(name: "ce_id", value: "result:\(tenant):\(id)")], dedupeKey: "result:\(tenant):\(id)")
    }

    static func ledger(
        _ id: String, tenant: String = "acme", providerBatchID: String = "msgbatch_1", input: Int = 10,
        cacheRead: Int = 1000, write5m: Int = 0, write1h: Int = 0, output: Int = 50,
        actual: String = "0.000123456789", baseline: String = "0.001"
    ) -> LedgerEntry {
        LedgerEntry(
            provider: "anthropic", providerBatchID: providerBatchID, customID: "c-\(id)", tenant: tenant,
            requestID: id, model: "claude-sonnet-4-5", mode: .batch, inputTokens: input,
            cacheReadInputTokens: cacheRead, cacheWrite5mInputTokens: write5m, cacheWrite1hInputTokens: write1h,
            outputTokens: output, actualUSD: Decimal(string: actual)!, baselineUSD: Decimal(string: baseline)!)
    }

    /// Journals, plans and submits a batch of the given requests; returns its id.
    static func submittedBatch(
        _ store: StateStore, ids: [String], providerBatchID: String = "msgbatch_1"
    ) async throws -> UUID {
        _ = try await store.journal(ids.enumerated().map { entry(id: $1, offset: Int64($0)) })
        let batch = try await store.planBatch(newBatch(ids))
        _ = try await store.transition(batch.id, from: .planned, to: .submitting, at: 2_100)
        _ = try await store.transition(
            batch.id, from: .submitting, to: .submitted, at: 2_200,
            changes: BatchChanges(providerBatchID: providerBatchID))
        return batch.id
    }
}
