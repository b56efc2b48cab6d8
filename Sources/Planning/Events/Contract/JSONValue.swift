package import Foundation

/// Any JSON value, held exactly as parsed so that a payload can be validated field by field with
/// precise error paths and echoed (`metadata`) without loss.
///
/// Numbers are `Decimal`, not `Double`: money and large integer ids must survive a round trip.
/// `Decimal` keeps 38 significant digits with exponents of about ±127; a literal beyond that range
/// (say `1e300`) is kept as ``double(_:)``, and digits past the 38th are dropped.
package enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Decimal)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}
