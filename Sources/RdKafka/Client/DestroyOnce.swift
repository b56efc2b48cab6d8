import Synchronization

/// A one-shot flag: the first ``claim()`` wins, so a C resource is destroyed exactly once.
final class DestroyOnce: Sendable {
    private let claimed = Atomic<Bool>(false)

    /// - Returns: `true` for the first caller only.
    func claim() -> Bool {
        claimed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
    }
}
