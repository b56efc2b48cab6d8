public import Foundation
import Yams

/// One topic as `topics/topics.yaml` declares it: the contract of DESIGN §1.
public struct TopicSpec: Sendable, Hashable, Decodable {
    public var name: String
    public var partitions: Int
    public var replicationFactor: Int
    /// Topic configs (`cleanup.policy`, `retention.ms`...), applied where the broker supports them.
    public var config: [String: String]

    public init(name: String, partitions: Int, replicationFactor: Int, config: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.config = config
    }

    private enum CodingKeys: String, CodingKey {
        case name, partitions, config
        case replicationFactor = "replication_factor"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        partitions = try container.decode(Int.self, forKey: .partitions)
        replicationFactor = try container.decodeIfPresent(Int.self, forKey: .replicationFactor) ?? 1
        config = try container.decodeIfPresent([String: String].self, forKey: .config) ?? [:]
    }
}

extension TopicSpec {
    private struct File: Decodable {
        var topics: [TopicSpec]
    }

    /// Reads a topics file (`topics:` list of name, partitions, replication_factor, config).
    /// - Throws: a ``KafkaError`` naming the file and what is wrong with it.
    public static func load(from url: URL) throws(KafkaError) -> [TopicSpec] {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw .topicsFile("cannot read \(url.path): \(error.localizedDescription)")
        }
        return try parse(text, source: url.path)
    }

    /// Parses topics-file YAML; `source` names it in errors.
    public static func parse(_ yaml: String, source: String = "topics.yaml") throws(KafkaError) -> [TopicSpec] {
        let specs: [TopicSpec]
        do {
            specs = try YAMLDecoder().decode(File.self, from: yaml).topics
        } catch {
            throw .topicsFile("\(source): \(error)")
        }
        for spec in specs {
            guard !spec.name.isEmpty, spec.name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
                throw .topicsFile("\(source): '\(spec.name)' is not a legal topic name")
            }
            guard spec.partitions >= 1, spec.replicationFactor >= 1 else {
                throw .topicsFile("\(source): \(spec.name) needs partitions and replication_factor of at least 1")
            }
        }
        return specs
    }
}
