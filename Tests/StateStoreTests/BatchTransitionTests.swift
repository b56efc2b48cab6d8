import StateStore
import Testing

@Suite("Batch state machine", .timeLimit(.minutes(1)))
struct BatchTransitionTests {
    /// The whole table, written out independently of the implementation's dictionary.
    static let expected: Set<BatchTransition> = [
        BatchTransition(from: .planned, to: .submitting),
        BatchTransition(from: .planned, to: .failed),
        BatchTransition(from: .planned, to: .canceled),
        BatchTransition(from: .submitting, to: .submitted),
        BatchTransition(from: .submitting, to: .planned),
        BatchTransition(from: .submitting, to: .failed),
        BatchTransition(from: .submitting, to: .canceled),
        BatchTransition(from: .submitted, to: .ended),
        BatchTransition(from: .submitted, to: .failed),
        BatchTransition(from: .submitted, to: .canceled),
        BatchTransition(from: .ended, to: .published),
    ]

    @Test("exactly the documented moves are allowed", arguments: BatchRecord.State.allCases)
    func table(from: BatchRecord.State) {
        for to in BatchRecord.State.allCases {
            let move = BatchTransition(from: from, to: to)
            #expect(move.isAllowed == Self.expected.contains(move), "\(move)")
        }
    }

    @Test("published, failed and canceled are terminal; nothing else is")
    func terminal() {
        #expect(Set(BatchRecord.State.allCases.filter(\.isTerminal)) == [.published, .failed, .canceled])
    }

    @Test("no state moves to itself, and nothing returns to planned except from submitting")
    func noSelfLoops() {
        for state in BatchRecord.State.allCases {
            #expect(!BatchTransition(from: state, to: state).isAllowed)
        }
        let intoPlanned = BatchRecord.State.allCases.filter { BatchTransition(from: $0, to: .planned).isAllowed }
        #expect(intoPlanned == [.submitting])
    }

    @Test("only planned, submitting and submitted batches hold their requests")
    func holdsRequests() {
        #expect(Set(BatchRecord.State.allCases.filter(\.holdsRequests)) == [.planned, .submitting, .submitted])
    }

    @Test("request status moves")
    func requestStatus() {
        #expect(RequestStatus.pending.allows(.planned))
        #expect(RequestStatus.planned.allows(.pending))
        #expect(RequestStatus.planned.allows(.completed))
        #expect(!RequestStatus.completed.allows(.pending))
        #expect(!RequestStatus.failed.allows(.planned))
        #expect(!RequestStatus.pending.allows(.pending))
    }
}
