/// Metadata keys of this module's log lines, in one place so dashboards can rely on them.
enum LoggingKeys {
    static let provider = "provider"
    static let operation = "provider.operation"
    static let attempt = "provider.attempt"
    static let httpStatus = "http.status"
    static let requestID = "provider.request_id"
    static let delay = "retry.delay"
    static let batchID = "batch.id"
    static let lines = "results.lines"
}
