package import Foundation

/// An amount of US dollars, exact in memory and written to the wire with nano-dollar precision.
///
/// Arithmetic is exact `Decimal` (38 significant digits), so ledger sums and the identities
/// `saved = baseline - actual = discount + cache + dedupe` hold exactly in memory. On the wire an
/// amount is a JSON number rounded half-to-even to ``wireScale`` (9) decimal places: per-token
/// prices go down to a few nano-dollars (a cache read at $0.0025/MTok is $2.5e-9 per token), so
/// micro-dollars would erase whole small requests, while 9 places still print as plain decimals
/// that every JSON parser reads (Helicone stores cost as USD x 1e9 for the same reason). Sums are
/// computed from exact values, never from rounded ones.
package struct USD: Sendable, Hashable, Comparable, AdditiveArithmetic, CustomStringConvertible {
    /// Decimal places kept when an amount is encoded.
    package static let wireScale = 9

    /// The exact amount; round only at the wire (``wireAmount``).
    package var amount: Decimal

    package init(_ amount: Decimal) {
        self.amount = amount
    }

    package static let zero = USD(0)

    /// The amount as it is written to JSON: rounded half-to-even to ``wireScale`` places.
    package var wireAmount: Decimal {
        var input = amount
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, USD.wireScale, .bankers)
        return rounded
    }

    package static func + (lhs: USD, rhs: USD) -> USD { USD(lhs.amount + rhs.amount) }
    package static func - (lhs: USD, rhs: USD) -> USD { USD(lhs.amount - rhs.amount) }
    package static func < (lhs: USD, rhs: USD) -> Bool { lhs.amount < rhs.amount }

    package var description: String { "$\(wireAmount)" }
}

extension USD: Codable {
    package init(from decoder: any Decoder) throws {
        let json = try JSONValue(from: decoder)
        self.init(try json.decimal(at: JSONPath(codingPath: decoder.codingPath)))
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wireAmount)
    }
}
