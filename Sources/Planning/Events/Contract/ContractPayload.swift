package import Foundation

/// A whole payload of a topic contract (an event, or the DLQ header set), tied to its schema file
/// in `topics/schemas/`.
package protocol ContractPayload: ContractDecodable, Encodable, Sendable, Hashable {
    /// The schema file name, e.g. `request.schema.json`.
    static var schemaFile: String { get }
}

extension ContractPayload {
    /// The schema's `$id` (also suitable for the CloudEvents `dataschema` attribute).
    package static var schemaID: String { "https://sluice.dev/schemas/v1/\(schemaFile)" }

    /// Decodes and validates a Kafka record value.
    /// - Throws: an ``EventValidationError`` whose `description` names the field and the problem,
    ///   ready for the DLQ `dlq.error.message` header.
    package static func decodeValidated(from data: Data) throws(EventValidationError) -> Self {
        try Self(contract: JSONValue.parse(data), at: .root)
    }

    /// Decodes and validates a Kafka record value.
    package static func decodeValidated(from bytes: [UInt8]) throws(EventValidationError) -> Self {
        try decodeValidated(from: Data(bytes))
    }

    /// The payload as compact JSON with sorted keys (stable bytes for the same value).
    /// - Throws: `EncodingError` only for a non-finite number (e.g. a NaN in an embedding).
    package func encodedJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
