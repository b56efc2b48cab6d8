package import Planning
package import Providers

/// What a local batch will send, as committed with it: the planned requests in order, with their
/// cache marks, so that a submitter after a restart sends exactly what was planned.
package struct StoredPlan: Sendable, Codable {
    package var requests: [LLMRequest]
    package var prefix: PlannedPrefix?

    package init(requests: [LLMRequest], prefix: PlannedPrefix?) {
        self.requests = requests
        self.prefix = prefix
    }
}
