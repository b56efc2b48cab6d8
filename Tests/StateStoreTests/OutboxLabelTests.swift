import Foundation
import StateStore
import Testing

/// A record's metric label is stored with it, so the publisher never parses the value to count it.
@Suite("Outbox labels", .timeLimit(.minutes(1)))
struct OutboxLabelTests {
    @Test("a label comes back with its record; records without one have none")
    func labelRoundTrip() async throws {
        try await withStore { store, _ in
            let labelled = OutboxRecord(topic: "llm.results", key: nil, value: Data("{}".utf8), dedupeKey: "result/t/1", label: "succeeded")
            let plain = OutboxRecord(topic: "llm.alerts", key: nil, value: Data("{}".utf8), dedupeKey: "alert-1")
            _ = try await store.enqueue([labelled, plain], at: 100)
            let rows = try await store.unpublished(limit: 10)
            #expect(rows.map(\.label) == ["succeeded", nil])
            #expect(rows.map(\.record) == [labelled, plain])
        }
    }
}
