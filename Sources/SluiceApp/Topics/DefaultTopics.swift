import Foundation
public import RdKafka

/// The default topics of DESIGN §1, as `topics/topics.yaml` declares them (bundled at build time).
public enum DefaultTopics {
    /// Reads `file`, or the bundled copy of `topics/topics.yaml` when `file` is nil.
    public static func load(from file: String? = nil) throws -> [TopicSpec] {
        if let file { return try TopicSpec.load(from: URL(fileURLWithPath: file)) }
        guard let url = Bundle.module.url(forResource: "topics", withExtension: "yaml") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "topics.yaml is missing from the bundle"])
        }
        return try TopicSpec.load(from: url)
    }
}
