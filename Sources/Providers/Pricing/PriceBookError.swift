/// Why the price book could not answer. An unknown model or a missing price is always an error,
/// never a zero.
package struct PriceBookError: Error, Sendable, CustomStringConvertible, Hashable {
    private enum Code: String, Sendable, Hashable {
        case unknownModel = "unknown_model"
        case missingPrice = "missing_price"
        case invalidFile = "invalid_file"
    }

    private let code: Code
    package let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The model is not in the book (nor an alias or dated snapshot of one).
    package static func unknownModel(provider: Provider, model: String) -> PriceBookError {
        PriceBookError(
            .unknownModel,
            "no prices for \(provider) model '\(model)'; add it to the price override file"
        )
    }

    /// The model is known but lacks a price this usage or mode needs.
    package static func missingPrice(provider: Provider, model: String, field: String, mode: PricingMode) -> PriceBookError {
        PriceBookError(.missingPrice, "\(provider) model '\(model)' has no \(field) price for \(mode) mode")
    }

    /// The YAML is malformed or breaks the format.
    package static func invalidFile(_ origin: String, _ problem: String) -> PriceBookError {
        PriceBookError(.invalidFile, "\(origin): \(problem)")
    }

    package var isUnknownModel: Bool { self.code == .unknownModel }
    package var isMissingPrice: Bool { self.code == .missingPrice }
    package var isInvalidFile: Bool { self.code == .invalidFile }

    package var description: String { "PriceBookError.\(self.code.rawValue): \(self.message)" }
}
