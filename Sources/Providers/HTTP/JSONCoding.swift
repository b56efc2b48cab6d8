import Foundation
import NIOCore
import NIOFoundationCompat

/// Shared JSON helpers. Keys are sorted so the same request always encodes to the same bytes
/// (stable sizes for splitting, comparable fixtures).
enum JSONCoding {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func encode<T: Encodable>(_ value: T) throws -> ByteBuffer {
        ByteBuffer(data: try Self.encoder().encode(value))
    }

    /// A JSON string literal for `text`, quotes included.
    static func stringLiteral(_ text: String) -> ByteBuffer {
        // Encoding a bare String is valid JSON (a fragment) with Foundation's encoder.
        (try? Self.encode(text)) ?? ByteBuffer(string: "\"\"")
    }

    /// Parses RFC 3339 timestamps with or without fractional seconds.
    static func date(_ text: String?) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
            return date
        }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) {
            return date
        }
        // Nanosecond precision (Google): keep at most milliseconds.
        if let dot = text.firstIndex(of: "."), let end = text[dot...].firstIndex(where: { !$0.isNumber && $0 != "." }) {
            let fraction = text[text.index(after: dot)..<end].prefix(3)
            let trimmed = String(text[..<dot]) + "." + fraction + String(text[end...])
            return try? Date(trimmed, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        }
        return nil
    }

    /// Decodes one value from a buffer.
    static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        try JSONDecoder().decode(T.self, from: buffer)
    }
}

extension Duration {
    /// The same span as a NIO `TimeAmount`.
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = self.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
