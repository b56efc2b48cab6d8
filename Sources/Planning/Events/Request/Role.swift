/// Who speaks in a ``Message``. System instructions are not a role: they go in `system`.
package enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    case user
    case assistant
}
