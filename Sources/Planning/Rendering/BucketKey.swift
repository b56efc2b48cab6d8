package import Providers

/// Which accumulator bucket a request waits in: requests of one bucket can share one provider
/// batch and, through the same leading blocks, one cache prefix.
package struct BucketKey: Sendable, Hashable, CustomStringConvertible {
    package var provider: Provider
    package var model: String
    package var kind: Providers.RequestKind
    /// A hash of the request's shared-prefix candidate (see ``RequestRenderer``).
    package var prefixGroup: String

    package init(provider: Provider, model: String, kind: Providers.RequestKind, prefixGroup: String) {
        self.provider = provider
        self.model = model
        self.kind = kind
        self.prefixGroup = prefixGroup
    }

    /// The stable text form stored in the journal: `provider/model/kind/prefix`.
    package var description: String { "\(provider.rawValue)/\(model)/\(kind.rawValue)/\(prefixGroup)" }
}
