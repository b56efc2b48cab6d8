/// A type read from JSON under its topic contract, with every rule of its JSON Schema (and a few
/// the schema cannot express) checked on the way in.
///
/// Conforming types get `Decodable` from this protocol: `JSONDecoder().decode(T.self, ...)` runs
/// the same checks and throws an ``EventValidationError`` naming the field at fault.
package protocol ContractDecodable: Decodable {
    /// Reads and validates `json`, reporting errors relative to `path`.
    init(contract json: JSONValue, at path: JSONPath) throws(EventValidationError)
}

extension ContractDecodable {
    package init(from decoder: any Decoder) throws {
        let json = try JSONValue(from: decoder)
        try self.init(contract: json, at: JSONPath(codingPath: decoder.codingPath))
    }
}
