/// Options of one realtime (synchronous) call.
package struct RealtimeOptions: Sendable, Hashable {
    /// OpenAI processing tier; `flex` is slower but billed near batch prices. Ignored by the
    /// other providers.
    package enum ServiceTier: String, Sendable, Hashable {
        case flex
    }

    /// The OpenAI tier to ask for, if any.
    package var serviceTier: ServiceTier?
    /// Deadline for the answer's head; defaults to the client's `realtimeTimeout`.
    package var timeout: Duration?

    /// Options as given.
    package init(serviceTier: ServiceTier? = nil, timeout: Duration? = nil) {
        self.serviceTier = serviceTier
        self.timeout = timeout
    }

    /// The default tier and deadline.
    package static let standard = RealtimeOptions()
    /// OpenAI flex processing.
    package static let flex = RealtimeOptions(serviceTier: .flex)
}
