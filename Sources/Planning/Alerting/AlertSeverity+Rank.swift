extension AlertSeverity {
    /// Orders severities, so that the rules can tell an escalation.
    var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .critical: 2
        }
    }
}
