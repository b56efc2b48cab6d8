/// One thing the rules measured in a snapshot, and whether it breaches its threshold now.
struct AlertMeasurement: Sendable, Hashable {
    var kind: AlertKind
    var tenant: String
    /// What within the tenant it is about (`anthropic/claude-haiku-4-5`, `openai/batch_abc`,
    /// `requests`): with kind and tenant, the identity of the condition.
    var subject: String
    var observed: Double
    var threshold: Double
    var windowSeconds: Int?
    var provider: ProviderName?
    var model: String?
    var batchID: String?
    /// The severity when the condition holds now; nil when it does not.
    var breach: AlertSeverity?
    /// The one-line summary of the reading, for people.
    var message: String

    /// The key of ``AlertRules/evaluate(_:firing:now:)``'s `firing` dictionary.
    var key: String { "\(kind.rawValue)/\(tenant)/\(subject)" }
}
