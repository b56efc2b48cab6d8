/// The final outcome of a request.
package enum ResultStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case succeeded
    /// The provider or Sluice rejected it, after retries where retrying made sense.
    case failed
    /// Its deadline or the provider's batch window passed.
    case expired
    /// An operator or shutdown policy withdrew it.
    case canceled
}
