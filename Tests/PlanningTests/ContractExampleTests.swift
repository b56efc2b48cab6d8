import Foundation
import Planning
import Testing

/// The Swift types against the example payloads in `topics/examples/`.
@Suite(.timeLimit(.minutes(1)))
struct ContractExampleTests {
    static let validNames = (try? ContractFiles.validExampleNames()) ?? []
    static let invalidCases = (try? ContractFiles.invalidCases()) ?? []

    @Test func examplesArePresent() throws {
        // Guards the parameterized tests below against silently running over nothing.
        #expect(Self.validNames.count >= 10)
        #expect(Self.invalidCases.count >= 20)
        for name in Self.validNames {
            #expect(ContractFiles.schemaFile(forExample: name) != nil, "\(name) matches no schema prefix")
        }
        for required in [
            "request-task.json", "request-raw-chat.json", "request-raw-embedding.json",
            "request-with-deadline-priority.json", "result-succeeded.json", "result-failed.json",
            "result-embedding.json", "savings.json", "alert.json", "dlq-headers.json",
        ] {
            #expect(Self.validNames.contains(required), "missing example \(required)")
        }
        let listed = Set(Self.invalidCases.map(\.file))
        let onDisk = Set(
            try FileManager.default.contentsOfDirectory(atPath: ContractFiles.invalidExamples.path)
                .filter { $0.hasSuffix(".json") && $0 != "index.json" }
        )
        #expect(listed == onDisk)
    }

    @Test(arguments: validNames)
    func validExampleRoundTrips(_ name: String) throws {
        let schema = try #require(ContractFiles.schemaFile(forExample: name))
        let type = try #require(ContractFiles.payloadTypes[schema])
        let original = try Data(contentsOf: ContractFiles.examples.appending(path: name))

        let reencoded = try ContractFiles.roundTrip(type, original)

        let before = try JSONDecoder().decode(JSONValue.self, from: original)
        let after = try JSONDecoder().decode(JSONValue.self, from: reencoded)
        #expect(before == after, "\(name) re-encoded as \(String(decoding: reencoded, as: UTF8.self))")
        // And the output is stable: decoding what we wrote and writing it again changes nothing.
        #expect(try ContractFiles.roundTrip(type, reencoded) == reencoded)
    }

    @Test(arguments: invalidCases)
    func invalidExampleIsRejectedNamingTheField(_ invalid: ContractFiles.InvalidCase) throws {
        let type = try #require(ContractFiles.payloadTypes[invalid.schema])
        let data = try Data(contentsOf: ContractFiles.invalidExamples.appending(path: invalid.file))

        let error = try #require(ContractFiles.validationError(type, data), "\(invalid.file) was accepted: \(invalid.why)")

        #expect(error.field.description == invalid.field, "\(invalid.file): \(error)")
        #expect(error.description.hasPrefix(invalid.field + ": "))
        #expect(!error.reason.isEmpty)
        #expect(error.dlqErrorClass.hasPrefix("sluice.contract."))
        #expect(!error.isRetriable)
    }

    @Test func plainJSONDecoderRunsTheSameChecks() throws {
        // Decodable conformance comes from ContractDecodable, not from synthesis that would skip
        // the checks: the error surfaces unchanged through JSONDecoder.
        let data = try Data(contentsOf: ContractFiles.invalidExamples.appending(path: "request-bad-role.json"))
        #expect {
            try JSONDecoder().decode(RequestEvent.self, from: data)
        } throws: { error in
            (error as? EventValidationError)?.field.description == "request.messages[0].role"
        }
        let document = Data(#"{"id": "d-1", "text": ""}"#.utf8)
        #expect {
            try JSONDecoder().decode(Document.self, from: document)
        } throws: { error in
            (error as? EventValidationError)?.field.description == "text"
        }
    }

    @Test func errorPathsIncludeTheEnclosingDocument() throws {
        struct Envelope: Decodable {
            var events: [RequestEvent]
        }
        let task = try String(contentsOf: ContractFiles.examples.appending(path: "request-task.json"), encoding: .utf8)
        let data = Data(#"{"events": [\#(task), {"id": "x", "tenant": "acme", "request": {"kind": "chat"}}]}"#.utf8)
        #expect {
            try JSONDecoder().decode(Envelope.self, from: data)
        } throws: { error in
            (error as? EventValidationError)?.description == "events[1].request.messages: is required when kind is chat"
        }
    }
}
