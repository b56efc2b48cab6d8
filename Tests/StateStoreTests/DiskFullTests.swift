import Foundation
import StateStore
import Testing

@Suite("A full disk", .timeLimit(.minutes(1)))
struct DiskFullTests {
    /// A request carrying `size` bytes of blobs, so that a few fill the capped database.
    static func big(_ id: String, size: Int = 64 * 1_024) -> JournalEntry {
        var entry = Fixtures.entry(id: id)
        entry.event = Data(repeating: 0x61, count: size)
        return entry
    }

    /// Journals big requests until the capped database refuses one; returns the refused one.
    static func fill(_ store: StateStore, prefix: String) async throws -> (JournalEntry, StateStoreError) {
        for n in 0..<1_000 {
            let entry = Self.big("\(prefix)\(n)")
            do {
                _ = try await store.journal([entry])
            } catch let error as StateStoreError {
                return (entry, error)
            }
        }
        Issue.record("the capped database never filled")
        throw CancellationError()
    }

    @Test("SQLITE_FULL is a retriable disk-full error; nothing of the group is written; raising the cap lets it in")
    func capRaised() async throws {
        try await withStore { store, _ in
            try await store.setPageLimit(try await store.pageCount() + 40)
            let (refused, error) = try await Self.fill(store, prefix: "f")
            #expect(error.isDiskFull && error.isRetriable)
            #expect(!error.isConstraintViolation)
            #expect(try await store.request(tenant: "acme", id: refused.requestID) == nil)

            try await store.setPageLimit(nil)
            let outcome = try await store.journal([refused])
            #expect(outcome.inserted == [refused.key])
        }
    }

    @Test("after retention frees space the refused write succeeds under the same cap")
    func spaceFreed() async throws {
        try await withStore { store, _ in
            // Finished and published work that retention may delete.
            let old = (0..<20).map { Self.big("old\($0)") }
            _ = try await store.journal(old)
            _ = try await store.resolvePending(
                old.map { PendingResolution(request: $0.key, status: .completed, result: Fixtures.result($0.requestID)) }, at: 3_000)
            try await store.markPublished(ids: try await store.unpublished(limit: 100).compactMap(\.id), at: 3_100)
            try await store.setPageLimit(try await store.pageCount() + 20)
            let (refused, error) = try await Self.fill(store, prefix: "new")
            #expect(error.isDiskFull)

            let report = try await store.applyRetention(
                RetentionPolicy(completed: .seconds(60), dedupeWindow: .seconds(60)), now: 3_000 + 61_000)
            #expect(report.requestsDeleted == 20)
            let outcome = try await store.journal([refused])
            #expect(outcome.inserted == [refused.key])
        }
    }
}
