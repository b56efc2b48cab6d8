extension AlertEvent: CloudEventPayload {
    package static let cloudEventType = "llm.alert.v1"
    package var cloudEventID: String { id }
}
