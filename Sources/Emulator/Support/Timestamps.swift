package import Foundation

/// Wire formats for times: RFC 3339 strings (Anthropic, Gemini) and Unix seconds (OpenAI).
package enum Timestamps {
    /// RFC 3339 with fractional seconds in UTC, as Anthropic and Gemini print them.
    package static func rfc3339(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Parses RFC 3339 with or without fractional seconds.
    package static func parseRFC3339(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }

    /// Unix seconds, as OpenAI reports every timestamp.
    package static func unixSeconds(_ date: Date) -> Int {
        Int(date.timeIntervalSince1970.rounded(.down))
    }

    /// Parses a protobuf `Duration` in JSON form ("300s", "1.5s").
    package static func parseDuration(_ text: String) -> Double? {
        guard text.hasSuffix("s") else { return nil }
        guard let seconds = Double(text.dropLast()), seconds.isFinite, seconds >= 0 else { return nil }
        return seconds
    }
}
