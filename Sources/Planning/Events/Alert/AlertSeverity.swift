/// How urgent an alert is.
package enum AlertSeverity: String, Sendable, Hashable, Codable, CaseIterable {
    case info
    case warning
    case critical
}
