extension ResultEvent: CloudEventPayload {
    package static let cloudEventType = "llm.result.v1"
    /// `result/<tenant>/<id>`: one final result per request (tenants cannot contain `/`).
    package var cloudEventID: String { "result/\(tenant)/\(id)" }
}
