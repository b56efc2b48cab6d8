internal import GRDB

extension StateStore {
    /// Counts and sums for `/v1/stats` and metrics, from one consistent snapshot. Requests and
    /// batches that retention deleted are still counted under their final status or state.
    package func stats() async throws -> StoreStats {
        try await read("stats") { db in
            var batches = Dictionary(uniqueKeysWithValues: BatchRecord.State.allCases.map { ($0, 0) })
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM batches GROUP BY state") {
                batches[try row.decode(BatchRecord.State.self, forColumn: "state")] = try row.decode(Int.self, forColumn: "n")
            }
            // Finished batches retention deleted still count.
            for (state, count) in try Self.retiredCounts(db, subject: "batch") {
                guard let state = BatchRecord.State(rawValue: state) else { continue }
                batches[state, default: 0] += count
            }
            let backlog = try Row.fetchOne(
                db, sql: "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox WHERE published_at IS NULL")
            return StoreStats(
                requestsByStatus: try Self.requestCounts(db),
                batchesByState: batches,
                ledger: try LedgerTotals.fetchAll(
                    db, sql: "SELECT * FROM ledger_totals ORDER BY provider, model, mode"),
                outboxBacklog: try backlog?.decode(Int.self, forColumn: "n") ?? 0,
                oldestUnpublishedAt: try backlog?.decode(Int64?.self, forColumn: "oldest"))
        }
    }

    /// Ledger sums recomputed from the rows themselves (exact, but reads the whole ledger): a check
    /// on the running totals that ``stats()`` reports.
    package func recomputedLedgerTotals() async throws -> [LedgerTotals] {
        try await read("recompute ledger totals") { db in
            var totals: [String: LedgerTotals] = [:]
            let cursor = try LedgerEntry.fetchCursor(db, sql: "SELECT * FROM ledger")
            while let entry = try cursor.next() {
                let key = "\(entry.provider)\u{0}\(entry.model)\u{0}\(entry.mode.rawValue)"
                totals[key, default: LedgerTotals(provider: entry.provider, model: entry.model, mode: entry.mode)]
                    .add(entry)
            }
            return totals.values.sorted {
                ($0.provider, $0.model, $0.mode.rawValue) < ($1.provider, $1.model, $1.mode.rawValue)
            }
        }
    }
}
