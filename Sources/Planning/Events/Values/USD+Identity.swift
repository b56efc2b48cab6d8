import Foundation

extension USD {
    /// How far two sides of a money identity may differ once each amount has been rounded to
    /// nano-dollars on its own: half a nano-dollar per rounded term, at most four terms.
    static let identityTolerance = USD(Decimal(sign: .plus, exponent: -9, significand: 2))

    /// Checks a money identity of a decoded event (beyond what JSON Schema can express).
    static func checkIdentity(
        _ value: USD, equals expected: USD, at path: JSONPath, _ formula: String
    ) throws(EventValidationError) {
        let difference = value - expected
        if difference > identityTolerance || difference < .zero - identityTolerance {
            throw EventValidationError(
                .conflictingFields, at: path,
                "must equal \(formula) (\(expected.wireAmount)) to the nano-dollar, found \(value.wireAmount)"
            )
        }
    }
}
