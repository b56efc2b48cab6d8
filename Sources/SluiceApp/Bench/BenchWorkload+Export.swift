package import Foundation
package import Providers
import Planning
import Yams

extension BenchWorkload {
    /// Writes each workload's records (JSON lines, exactly the bytes the benchmark publishes,
    /// re-sent duplicates included) and a Sluice configuration file holding its task templates,
    /// so `sluice estimate FILE --tasks CONFIG` can price the same workload before any run.
    ///
    /// - Parameters:
    ///   - directory: created if missing; files are `<workload>-<provider>.jsonl` and
    ///     `<workload>-<provider>.yaml`.
    ///   - names: workloads to write.
    ///   - providers: one pair of files per provider.
    ///   - seed: as for the benchmark run.
    ///   - scale: as for the benchmark run.
    /// - Returns: the JSON-lines files written.
    /// - Throws: file-system or YAML encoding errors.
    package static func export(
        to directory: URL, names: [BenchWorkloadName], providers: [Provider], seed: UInt64, scale: BenchScale = .standard
    ) throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var written: [URL] = []
        for name in names {
            for provider in Self.providers(of: name, among: providers) {
                let workload = generate(name, providers: [provider], seed: seed, scale: scale)
                let stem = "\(name.rawValue)-\(provider.rawValue)"
                var lines = Data()
                for record in workload.records {
                    lines.append(record.value)
                    lines.append(UInt8(ascii: "\n"))
                }
                let file = directory.appendingPathComponent(stem + ".jsonl")
                try lines.write(to: file)
                try configurationYAML(workload).write(
                    to: directory.appendingPathComponent(stem + ".yaml"), atomically: true, encoding: .utf8)
                written.append(file)
            }
        }
        return written
    }

    /// A configuration file with only `tasks:`, in the service's format.
    static func configurationYAML(_ workload: DemoWorkload) throws -> String {
        var tasks: [String: Any] = [:]
        for (name, task) in workload.tasks {
            var fields: [String: Any] = ["model": task.model]
            if let provider = task.provider { fields["provider"] = provider }
            if task.kind == .embedding {
                fields["kind"] = "embedding"
                if let dimensions = task.dimensions { fields["dimensions"] = dimensions }
            } else {
                if !task.system.isEmpty { fields["system"] = task.system }
                if !task.instructions.isEmpty { fields["instructions"] = task.instructions }
                fields["max_tokens"] = task.maxTokens
                if let temperature = task.temperature { fields["temperature"] = temperature }
            }
            if task.document != "{{document.text}}" { fields["document"] = task.document }
            tasks[name] = fields
        }
        return "# Task templates of a `sluice bench savings` workload, for `sluice estimate --tasks`.\n"
            + (try Yams.dump(object: ["tasks": tasks], width: -1, allowUnicode: true, sortKeys: true))
    }
}
