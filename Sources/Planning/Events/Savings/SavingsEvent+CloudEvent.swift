extension SavingsEvent: CloudEventPayload {
    package static let cloudEventType = "llm.savings.v1"
    package var cloudEventID: String { id }
}
