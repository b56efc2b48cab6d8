package import Foundation
import Synchronization

/// Every charge the emulated providers make, in order. Thread-safe; read it with `snapshot()`
/// in-process or `GET /_emulator/ledger`.
package final class BillingLedger: Sendable {
    private let entries = Mutex<[LedgerEntry]>([])

    /// An empty ledger.
    package init() {}

    /// Records a charge and returns the entry.
    @discardableResult
    package func record(
        provider: Provider,
        model: String,
        mode: LedgerEntry.Mode,
        batchID: String?,
        customID: String?,
        requestID: String?,
        time: Date,
        usage: LedgerUsage,
        prices: ModelPrices
    ) -> LedgerEntry {
        entries.withLock { entries in
            let entry = LedgerEntry(
                sequence: entries.count + 1, provider: provider, model: model, mode: mode, batchID: batchID,
                customID: customID, requestID: requestID, time: time, usage: usage,
                cost: LedgerCost.of(usage, at: prices)
            )
            entries.append(entry)
            return entry
        }
    }

    /// The ledger now.
    package func snapshot() -> LedgerSnapshot {
        let entries = entries.withLock { $0 }
        var totals: [String: LedgerSnapshot.Total] = [:]
        for entry in entries {
            let key = "\(entry.provider.rawValue)\u{0}\(entry.model)"
            var total =
                totals[key]
                ?? LedgerSnapshot.Total(
                    provider: entry.provider, model: entry.model, entries: 0, usage: LedgerUsage(), cost: LedgerCost()
                )
            total.entries += 1
            total.usage.add(entry.usage)
            total.cost.add(entry.cost)
            totals[key] = total
        }
        let sorted = totals.values.sorted {
            ($0.provider.rawValue, $0.model) < ($1.provider.rawValue, $1.model)
        }
        return LedgerSnapshot(entries: entries, totals: sorted, totalUSD: sorted.reduce(0) { $0 + $1.cost.total })
    }
}
