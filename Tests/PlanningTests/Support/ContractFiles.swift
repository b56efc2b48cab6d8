import Foundation
import Testing
import Planning

/// The `topics/` folder and its examples, found from this file's location so the tests run from
/// any working directory.
enum ContractFiles {
    static let packageRoot: URL = {
        var url = URL(filePath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appending(path: "Package.swift").path) { return url }
            url = url.deletingLastPathComponent()
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    static let topics = packageRoot.appending(path: "topics")
    static let schemas = topics.appending(path: "schemas")
    static let examples = topics.appending(path: "examples")
    static let invalidExamples = examples.appending(path: "invalid")

    /// Every payload type with its schema, in the order of `topics/validate.py`'s prefixes.
    static let payloadTypes: [String: any ContractPayload.Type] = [
        RequestEvent.schemaFile: RequestEvent.self,
        ResultEvent.schemaFile: ResultEvent.self,
        SavingsEvent.schemaFile: SavingsEvent.self,
        AlertEvent.schemaFile: AlertEvent.self,
        DeadLetterHeaders.schemaFile: DeadLetterHeaders.self,
    ]

    /// The schema of a valid example, by file-name prefix (the convention `validate.py` uses).
    static func schemaFile(forExample name: String) -> String? {
        let prefixes = ["dlq-headers", "request", "result", "savings", "alert"]
        guard let prefix = prefixes.first(where: { name.hasPrefix($0 + "-") || name == $0 + ".json" }) else { return nil }
        return prefix + ".schema.json"
    }

    static func validExampleNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: examples.path).filter { $0.hasSuffix(".json") }.sorted()
    }

    struct InvalidCase: Decodable, Sendable, CustomTestStringConvertible {
        let file: String
        let schema: String
        let field: String
        let why: String
        var testDescription: String { file }
    }

    static func invalidCases() throws -> [InvalidCase] {
        struct Index: Decodable { let cases: [InvalidCase] }
        let data = try Data(contentsOf: invalidExamples.appending(path: "index.json"))
        return try JSONDecoder().decode(Index.self, from: data).cases
    }

    /// Decodes with the contract checks and re-encodes, for a payload type known only at run time.
    static func roundTrip(_ type: any ContractPayload.Type, _ data: Data) throws -> Data {
        func open<T: ContractPayload>(_: T.Type) throws -> Data {
            try T.decodeValidated(from: data).encodedJSON()
        }
        return try open(type)
    }

    /// Decodes with the contract checks and returns the typed error, if any.
    static func validationError(_ type: any ContractPayload.Type, _ data: Data) -> EventValidationError? {
        func open<T: ContractPayload>(_: T.Type) -> EventValidationError? {
            do {
                _ = try T.decodeValidated(from: data)
                return nil
            } catch {
                return error
            }
        }
        return open(type)
    }
}

