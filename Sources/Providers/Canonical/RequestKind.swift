/// What a canonical request asks for: a chat completion or embeddings.
package enum RequestKind: String, Sendable, Hashable, Codable, CustomStringConvertible {
    case chat
    case embedding

    package var description: String { self.rawValue }
}
