internal import GRDB

extension BatchRecord {
    /// Where a local batch is in its life; the allowed moves are ``BatchTransition/allowed``.
    ///
    /// Nested so that it never clashes with a provider's batch status (`Providers.BatchState`).
    package enum State: String, Sendable, Hashable, Codable, CaseIterable, DatabaseValueConvertible {
        /// Planned and committed with its items; nothing has been sent.
        case planned
        /// Intent recorded: the submitter is creating the provider batch. After a crash in this state
        /// the provider may or may not have it; reconcile by ``BatchRecord/marker``.
        case submitting
        /// The provider has it (``BatchRecord/providerBatchID`` is set); being polled.
        case submitted
        /// Every result is recorded and the savings events are in the outbox.
        case ended
        /// Every outbox record of the batch was delivered to Kafka.
        case published
        /// Given up as a whole (the provider rejected or failed it); open items went back to pending.
        case failed
        /// Canceled before it produced results; open items went back to pending.
        case canceled

        /// True when no transition leaves this state.
        package var isTerminal: Bool { BatchTransition.allowed[self, default: []].isEmpty }

        /// True while its items' requests are `planned` (the batch still owes them an outcome).
        package var holdsRequests: Bool { self == .planned || self == .submitting || self == .submitted }
    }
}
