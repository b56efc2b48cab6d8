package import Emulator
package import Foundation

extension LedgerSnapshot {
    /// Writes the ledger as pretty, key-sorted JSON with ISO 8601 times: the audit trail behind a
    /// demo's or a benchmark run's bill, readable and diffable.
    package func writeJSON(to file: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(self).write(to: file, options: .atomic)
    }
}
