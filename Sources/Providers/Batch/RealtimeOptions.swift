/// Options of one realtime (synchronous) call.
package struct RealtimeOptions: Sendable, Hashable {
    /// OpenAI processing tier; `flex` is slower but billed near batch prices. Ignored by the
    /// other providers.
    package enum ServiceTier: String, Sendable, Hashable {
        case flex
    }

    package var serviceTier: ServiceTier?
    /// Deadline for the answer's head; defaults to the client's `realtimeTimeout`.
    package var timeout: Duration?

    package init(serviceTier: ServiceTier? = nil, timeout: Duration? = nil) {
        self.serviceTier = serviceTier
        self.timeout = timeout
    }

    package static let standard = RealtimeOptions()
    package static let flex = RealtimeOptions(serviceTier: .flex)
}
