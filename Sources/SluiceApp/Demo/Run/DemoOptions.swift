package import Foundation
package import Logging

/// How `sluice demo` runs.
package struct DemoOptions: Sendable {
    package var seed: UInt64 = 7
    package var documentsPerTenant = 120
    /// Emulated seconds per real second: provider batches take emulated minutes.
    package var speedup = 60.0
    /// The run fails if not every accepted event has its result by then.
    package var timeout: Duration = .seconds(110)
    /// Where the pipeline keeps its state (a fresh temporary directory when nil).
    package var dataDirectory: URL?
    /// Where to write the emulator's ledger, item by item, as JSON (not written when nil).
    package var ledgerFile: URL?
    package var logger = Logger(label: "sluice.demo")

    package init() {}
}
