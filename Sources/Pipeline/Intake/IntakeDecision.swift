package import RdKafka
package import StateStore

/// What the intake does with one consumed record.
package enum IntakeDecision: Sendable {
    /// Journal it; the accumulator takes it from there.
    case accept(JournalEntry)
    /// Journal it and answer it at once with a `failed` result (a well-formed request that can
    /// never be sent, such as an unknown model of a known provider).
    case reject(JournalEntry, PendingResolution)
    /// Send it to the dead-letter topic with these headers added to its own.
    case deadLetter(headers: [KafkaHeader], reason: String)
}
