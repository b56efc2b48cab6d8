package import Foundation

/// An RFC 3339 date-time as it travels in events: the instant, plus the text it was written as, so
/// a decoded event re-encodes byte-for-byte what the producer sent (offset and precision included).
///
/// Two timestamps are equal when they name the same instant, whatever their offsets.
package struct EventTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    package let date: Date
    /// The RFC 3339 text.
    package let rfc3339: String

    /// Parses a strict RFC 3339 `date-time` (section 5.6): `T` or `t` between date and time, an
    /// explicit `Z`/`z` or `±hh:mm` offset, optional fractional seconds, calendar ranges checked
    /// (no 30 February), second 60 accepted for leap seconds. Returns `nil` for anything else.
    package init?(rfc3339 text: String) {
        guard let date = EventTimestamp.parse(text) else { return nil }
        self.date = date
        self.rfc3339 = text
    }

    /// A timestamp for `date`, written in UTC with millisecond precision (`2026-11-23T10:00:01.120Z`).
    package init(_ date: Date) {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded(.down)
        self.date = Date(timeIntervalSince1970: milliseconds / 1000)
        self.rfc3339 = EventTimestamp.format(millisecondsSince1970: Int64(milliseconds))
    }

    package static func == (lhs: EventTimestamp, rhs: EventTimestamp) -> Bool { lhs.date == rhs.date }
    package func hash(into hasher: inout Hasher) { hasher.combine(date) }
    package static func < (lhs: EventTimestamp, rhs: EventTimestamp) -> Bool { lhs.date < rhs.date }

    package var description: String { rfc3339 }
}

extension EventTimestamp: Codable {
    package init(from decoder: any Decoder) throws {
        let json = try JSONValue(from: decoder)
        self = try json.timestamp(at: JSONPath(codingPath: decoder.codingPath))
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rfc3339)
    }
}
