import Foundation
import Planning

/// Valid examples as JSON trees, to derive variants from in tests.
enum ExamplePayloads {
    static func object(_ name: String) throws -> [String: JSONValue] {
        let data = try Data(contentsOf: ContractFiles.examples.appending(path: name))
        guard case .object(let fields) = try JSONDecoder().decode(JSONValue.self, from: data) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return fields
    }

    static func data(_ fields: [String: JSONValue]) throws -> Data {
        try JSONEncoder().encode(JSONValue.object(fields))
    }

    static func number(_ text: String) -> JSONValue {
        .number(Decimal(string: text)!)
    }
}
