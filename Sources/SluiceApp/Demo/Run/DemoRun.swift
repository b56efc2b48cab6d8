package import struct Emulator.LedgerSnapshot
package import Foundation
package import Providers

/// One run of a workload through the pipeline: the report, plus what downstream saw and what
/// the emulator billed per provider, so a benchmark can judge by the provider's own bill.
package struct DemoRun: Sendable {
    /// The savings report and its checks.
    package var report: DemoReport
    /// Results, dead letters and savings events as a downstream consumer read them.
    package var observed: DemoObserver.State
    /// The emulator's ledger, per provider, in USD.
    package var emulatorBilledUSD: [Provider: Decimal]
    /// The emulator's whole ledger at the end, entry by entry: the audit trail behind the bill.
    package var emulatorLedger: LedgerSnapshot
    /// Whether every accepted event got its result before the timeout.
    package var settled: Bool
}
