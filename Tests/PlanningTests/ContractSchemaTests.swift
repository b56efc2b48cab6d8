import Foundation
import Planning
import Testing

/// The JSON Schemas, checked by Python's `jsonschema` (Draft 2020-12, date-time format on) in one
/// process: the schemas themselves, every example (valid must pass, invalid must fail), and the
/// JSON the Swift encoder writes for each valid example.
@Suite(.timeLimit(.minutes(1)))
struct ContractSchemaTests {
    struct Report: Decodable {
        struct Schema: Decodable { var file: String; var ok: Bool; var error: String? }
        struct Instance: Decodable {
            struct Failure: Decodable { var path: String; var message: String }
            var file: String
            var schema: String?
            var expect: String
            var valid: Bool
            var errors: [Failure]
        }
        struct Same: Decodable { var left: String; var right: String; var equal: Bool }
        var ok: Bool
        var schemas: [Schema]
        var instances: [Instance]
        var same: [Same]
        var problems: [String]
        var date_time_format_checked: Bool
    }

    @Test func examplesSchemasAndSwiftOutputAgree() async throws {
        let python = try await Self.venvPython()
        let scratch = FileManager.default.temporaryDirectory.appending(path: "sluice-contracts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        var arguments = [ContractFiles.topics.appending(path: "validate.py").path, "--root", ContractFiles.topics.path]
        let validNames = try ContractFiles.validExampleNames()
        var written = 0
        for name in validNames {
            let schema = try #require(ContractFiles.schemaFile(forExample: name))
            let type = try #require(ContractFiles.payloadTypes[schema])
            let original = ContractFiles.examples.appending(path: name)
            let output = scratch.appending(path: "swift-" + name)
            do {
                try ContractFiles.roundTrip(type, try Data(contentsOf: original)).write(to: output)
            } catch {
                // Reported here; the Python checks below still run for everything else.
                Issue.record("Swift could not round-trip \(name): \(error)")
                continue
            }
            written += 1
            arguments += ["--valid", "\(schema)=\(output.path)", "--same", "\(original.path)=\(output.path)"]
        }

        let run = try await ProcessRunner.run(python, arguments)
        let report = try JSONDecoder().decode(Report.self, from: run.stdout)

        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.date_time_format_checked)
        let schemaFiles = Set(report.schemas.map(\.file))
        for file in ContractFiles.payloadTypes.keys {
            #expect(schemaFiles.contains("schemas/" + file), "schema \(file) was not checked")
        }
        for schema in report.schemas {
            #expect(schema.ok, "\(schema.file): \(schema.error ?? "")")
        }
        // Every example on disk was validated, with the expected outcome.
        let checked = Dictionary(report.instances.map { ($0.file, $0) }, uniquingKeysWith: { first, _ in first })
        for name in validNames {
            let instance = try #require(checked["examples/" + name], "\(name) not validated")
            #expect(instance.valid, "\(name): \(instance.errors.map { "\($0.path): \($0.message)" })")
        }
        for invalid in try ContractFiles.invalidCases() {
            let instance = try #require(checked["examples/invalid/" + invalid.file], "\(invalid.file) not validated")
            #expect(!instance.valid, "\(invalid.file) passed its schema although \(invalid.why)")
        }
        let swiftOutputs = report.instances.filter { $0.file.hasPrefix(scratch.path) }
        #expect(swiftOutputs.count == written)
        for instance in swiftOutputs {
            #expect(instance.valid, "Swift wrote \(instance.file), invalid: \(instance.errors.map(\.message))")
        }
        #expect(report.same.count == written)
        for pair in report.same {
            #expect(pair.equal, "\(pair.right) differs from \(pair.left) for Python's json too")
        }
        let allHeld = report.ok
        #expect(allHeld, "validate.py reported a failure (details in the issues above)")
        #expect(run.status == 0, "validate.py: \(run.stderr)")
    }

    @Test func schemaIDsMatchTheSwiftTypes() throws {
        for (file, type) in ContractFiles.payloadTypes {
            let data = try Data(contentsOf: ContractFiles.schemas.appending(path: file))
            let schema = try JSONDecoder().decode(JSONValue.self, from: data)
            guard case .object(let fields) = schema else {
                Issue.record("\(file) is not an object")
                continue
            }
            #expect(fields["$id"] == .string(type.schemaID))
            #expect(fields["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"))
        }
    }

    /// The test venv's interpreter, created on first use by the project's script.
    static func venvPython() async throws -> String {
        let script = ContractFiles.packageRoot.appending(path: "scripts/python-venv.sh").path
        let run = try await ProcessRunner.run("/bin/bash", [script])
        let path = String(decoding: run.stdout, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        try #require(run.status == 0 && FileManager.default.isExecutableFile(atPath: path), "python-venv.sh failed: \(run.stderr)")
        return path
    }
}
