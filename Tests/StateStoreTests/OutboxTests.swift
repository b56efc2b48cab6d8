import Foundation
import StateStore
import Testing

@Suite("Outbox", .timeLimit(.minutes(1)))
struct OutboxTests {
    static func alert(_ n: Int) -> OutboxRecord {
        OutboxRecord(
            topic: "llm.alerts", key: nil, value: Data("alert \(n)".utf8),
            headers: [RecordHeader(name: "ce_id", value: "alert-\(n)"), RecordHeader(name: "content-type", value: "application/json")],
            dedupeKey: "alert-\(n)")
    }

    @Test("records come out in insertion order, each dedupe key once, headers and key intact")
    func orderAndDedupe() async throws {
        try await withStore { store, _ in
            #expect(try await store.enqueue([Self.alert(3), Self.alert(1)], at: 100) == 2)
            #expect(try await store.enqueue([Self.alert(1), Self.alert(2), Self.alert(2)], at: 200) == 1)
            let rows = try await store.unpublished(limit: 10)
            #expect(rows.map(\.dedupeKey) == ["alert-3", "alert-1", "alert-2"])
            #expect(rows.map(\.createdAt) == [100, 100, 200])
            #expect(rows.map(\.record) == [Self.alert(3), Self.alert(1), Self.alert(2)])
            let ids = rows.compactMap(\.id)
            #expect(ids == ids.sorted() && Set(ids).count == 3)
            #expect(try await store.unpublished(limit: 2).map(\.dedupeKey) == ["alert-3", "alert-1"])
            #expect(try await store.enqueue([], at: 300) == 0)
        }
    }

    @Test("published records leave the backlog; marking twice keeps the first time")
    func publishMarking() async throws {
        try await withStore { store, _ in
            try await store.enqueue((1...5).map(Self.alert), at: 100)
            let rows = try await store.unpublished(limit: 10)
            let ids = rows.compactMap(\.id)
            #expect(try await store.markPublished(ids: [ids[0], ids[2]], at: 500) == 2)
            #expect(try await store.markPublished(ids: [ids[0], 999_999], at: 600) == 0)
            #expect(try await store.unpublished(limit: 10).map(\.dedupeKey) == ["alert-2", "alert-4", "alert-5"])
            let stats = try await store.stats()
            #expect(stats.outboxBacklog == 3)
            #expect(stats.oldestUnpublishedAt == 100)

            // Published records are deleted by retention; unpublished ones never are.
            #expect(try await store.purgePublished(before: 501) == 2)
            #expect(try await store.purgePublished(before: 10_000) == 0)
            #expect(try await store.unpublished(limit: 10).count == 3)
            // A dedupe key stays taken only while its row exists; ids never go back.
            try await store.enqueue([Self.alert(6)], at: 700)
            let last = try #require(try await store.unpublished(limit: 10).last?.id)
            #expect(last > ids.max()!)
        }
    }

    @Test("a batch is published only when all of its outbox records are")
    func batchPublished() async throws {
        try await withStore { store, _ in
            let id = try await Fixtures.submittedBatch(store, ids: ["r1", "r2"])
            try await store.enqueue([Self.alert(1)], at: 2_900)  // not the batch's
            _ = try await store.recordResults(
                batchID: id,
                ["r1", "r2"].map { ItemOutcome(customID: "c-\($0)", resolution: .completed(result: Fixtures.result($0))) },
                at: 3_000)
            let notYet = await #expect(throws: StateStoreError.self) {
                _ = try await store.markBatchPublished(batchID: id, at: 3_050)
            }
            #expect(notYet?.isIllegalTransition == true)  // still submitted
            _ = try await store.completeBatch(
                batchID: id,
                savings: [OutboxRecord(topic: "llm.savings", key: nil, value: Data("{}".utf8), dedupeKey: "s-1")],
                at: 3_100)
            let rows = try await store.unpublished(limit: 10)
            #expect(rows.count == 4)
            let batchRows = rows.filter { $0.batchID == id }.compactMap(\.id)
            #expect(batchRows.count == 3)
            try await store.markPublished(ids: Array(batchRows.dropLast()), at: 3_200)
            #expect(try await store.markBatchPublished(batchID: id, at: 3_300) == false)
            #expect(try await store.batch(id: id)?.state == .ended)
            try await store.markPublished(ids: [batchRows.last!], at: 3_400)
            #expect(try await store.markBatchPublished(batchID: id, at: 3_500))
            #expect(try await store.batch(id: id)?.state == .published)
            #expect(try await store.stats().outboxBacklog == 1)  // the unrelated alert
        }
    }

    @Test("many ids are marked in one call")
    func manyIDs() async throws {
        try await withStore { store, _ in
            try await store.enqueue((0..<1_200).map(Self.alert), at: 1)
            let ids = try await store.unpublished(limit: 2_000).compactMap(\.id)
            #expect(ids.count == 1_200)
            #expect(try await store.markPublished(ids: ids, at: 2) == 1_200)
            #expect(try await store.stats().outboxBacklog == 0)
        }
    }
}
