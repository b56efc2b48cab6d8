/// The endpoint family of a raw request (`request.kind`).
package enum RequestKind: String, Sendable, Hashable, Codable, CaseIterable {
    case chat
    case embedding
}
