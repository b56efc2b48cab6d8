/// Whether an alert's condition starts (or escalates) or clears.
package enum AlertState: String, Sendable, Hashable, Codable, CaseIterable {
    case firing
    case resolved
}
