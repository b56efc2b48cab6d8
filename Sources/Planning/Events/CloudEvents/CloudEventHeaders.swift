/// CloudEvents 1.0 binary-mode headers for an output record (Kafka protocol binding): the value is
/// the event JSON as is, and the attributes travel as `ce_*` headers.
///
/// `ce_id` is a stable dedupe key (the same logical event always gets the same id, whichever
/// instance publishes it and however often), and `ce_source` names the deployment, not the
/// instance, so `(source, id)` identifies duplicates across restarts and rebalances.
package struct CloudEventHeaders: Sendable, Hashable {
    package static let specVersion = "1.0"
    package static let jsonContentType = "application/json"

    package var id: String
    /// The deployment, e.g. `urn:sluice:prod-eu` (configured, the same on every instance).
    package var source: String
    /// `llm.result.v1`, `llm.savings.v1` or `llm.alert.v1`.
    package var type: String
    package var time: EventTimestamp
    /// The tenant, so consumers can route without parsing the value.
    package var subject: String?
    /// The schema `$id` of the value.
    package var dataSchema: String?
    /// W3C trace context passed through from the input record, when it had one.
    package var traceparent: String?
    package var tracestate: String?

    package init(
        id: String, source: String, type: String, time: EventTimestamp, subject: String? = nil,
        dataSchema: String? = nil, traceparent: String? = nil, tracestate: String? = nil
    ) {
        self.id = id
        self.source = source
        self.type = type
        self.time = time
        self.subject = subject
        self.dataSchema = dataSchema
        self.traceparent = traceparent
        self.tracestate = tracestate
    }

    /// The Kafka headers, in a fixed order, values as UTF-8 strings.
    package var headers: [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = [
            ("ce_specversion", Self.specVersion),
            ("ce_id", id),
            ("ce_source", source),
            ("ce_type", type),
            ("ce_time", time.rfc3339),
        ]
        if let subject { headers.append(("ce_subject", subject)) }
        if let dataSchema { headers.append(("ce_dataschema", dataSchema)) }
        headers.append(("content-type", Self.jsonContentType))
        if let traceparent { headers.append(("traceparent", traceparent)) }
        if let tracestate { headers.append(("tracestate", tracestate)) }
        return headers
    }
}
