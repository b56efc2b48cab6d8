/// A move of a batch from one state to another, and the table of the moves that are allowed.
///
/// ```
/// planned ──→ submitting ──→ submitted ──→ ended ──→ published
///    │  ↖________│  │           │  │
///    │           │  │           │  └──→ failed | canceled
///    └──→ failed | canceled ←───┘
/// ```
/// `submitting → planned` is for a provider that refused before creating anything (nothing to
/// reconcile, submit again later); `submitting → submitted` is both the normal path and the crash
/// recovery path where the submitter adopts a provider batch it finds by marker.
package struct BatchTransition: Sendable, Hashable, CustomStringConvertible {
    package var from: BatchRecord.State
    package var to: BatchRecord.State

    package init(from: BatchRecord.State, to: BatchRecord.State) {
        self.from = from
        self.to = to
    }

    /// The allowed next states of each state. Terminal states map to the empty set.
    package static let allowed: [BatchRecord.State: Set<BatchRecord.State>] = [
        .planned: [.submitting, .failed, .canceled],
        .submitting: [.submitted, .planned, .failed, .canceled],
        .submitted: [.ended, .failed, .canceled],
        .ended: [.published],
        .published: [],
        .failed: [],
        .canceled: [],
    ]

    /// Whether the state machine allows this move.
    package var isAllowed: Bool { Self.allowed[from, default: []].contains(to) }

    package var description: String { "\(from) → \(to)" }
}
