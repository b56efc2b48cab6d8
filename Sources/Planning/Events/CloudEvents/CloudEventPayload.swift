/// An output event published with CloudEvents binary-mode headers.
package protocol CloudEventPayload: ContractPayload {
    /// The `ce_type`, versioned with the schema (`llm.result.v1`).
    static var cloudEventType: String { get }
    /// The `ce_id`: stable for the logical event, so republishing yields the same id.
    var cloudEventID: String { get }
    /// The tenant, also the `ce_subject`.
    var tenant: String { get }
}

extension CloudEventPayload {
    /// The headers to publish this event with.
    /// - Parameters:
    ///   - source: the deployment's `ce_source` (the same on every instance).
    ///   - time: when the event happened (`ce_time`).
    ///   - traceparent: the input record's W3C `traceparent`, passed through.
    package func cloudEventHeaders(
        source: String, time: EventTimestamp, traceparent: String? = nil, tracestate: String? = nil
    ) -> CloudEventHeaders {
        CloudEventHeaders(
            id: cloudEventID, source: source, type: Self.cloudEventType, time: time, subject: tenant,
            dataSchema: Self.schemaID, traceparent: traceparent, tracestate: tracestate
        )
    }
}
