package import Foundation
internal import GRDB

/// Every failure of ``StateStore``, as one extensible struct so that new kinds can be added
/// without breaking callers that switch on ``isRetriable``.
///
/// Callers decide by ``isRetriable``: a busy database is worth another try as is, and so is a full
/// disk once space returns (``isDiskFull``: wait, then retry; never drop the write); a constraint
/// violation, an illegal transition or a lost compare-and-set will fail the same way again and
/// needs the caller to re-read state instead.
package struct StateStoreError: Error, CustomStringConvertible, Sendable {
    private enum Code: Sendable, Hashable {
        case busy
        case constraint
        case illegalTransition
        case stateConflict
        case notFound
        case notPending
        case invalidArgument
        case diskFull
        case storage
    }

    private let code: Code
    /// A human-readable account of what went wrong, naming the rows involved.
    package let message: String
    /// The SQLite error underneath, when there was one (kept as `any Error` so that GRDB stays an
    /// implementation detail of this module).
    package let underlying: (any Error)?
    package let file: String
    package let line: Int

    private init(_ code: Code, _ message: String, underlying: (any Error)? = nil, file: String, line: Int) {
        self.code = code
        self.message = message
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    /// True when the same call may succeed if simply tried again: the database was busy or locked,
    /// or the disk was full (which needs a wait for space, not an immediate retry).
    package var isRetriable: Bool { code == .busy || code == .diskFull }

    /// True when SQLite could not write because the disk (or the database's page cap) is full:
    /// nothing was written; the same write succeeds once space is freed.
    package var isDiskFull: Bool { code == .diskFull }

    /// True when a row was written concurrently in a way the call did not expect (compare-and-set lost).
    package var isConflict: Bool { code == .stateConflict }
    /// True when the requested state change is not in the state machine.
    package var isIllegalTransition: Bool { code == .illegalTransition }
    /// True when the named row does not exist.
    package var isNotFound: Bool { code == .notFound }
    /// True when a request that had to be `pending` was not.
    package var isNotPending: Bool { code == .notPending }
    /// True when a UNIQUE, CHECK, NOT NULL or foreign key constraint refused the write.
    package var isConstraintViolation: Bool { code == .constraint }
    /// True when the caller passed a value the store refuses before touching SQLite.
    package var isInvalidArgument: Bool { code == .invalidArgument }

    package var description: String {
        var text = "StateStoreError.\(code): \(message)"
        if let underlying { text += " (\(underlying))" }
        return text + " [\(file):\(line)]"
    }

    // MARK: - Factories

    package static func illegalTransition(
        _ transition: BatchTransition, batchID: UUID, file: String = #fileID, line: Int = #line
    ) -> Self {
        Self(
            .illegalTransition, "batch \(batchID): \(transition.from) → \(transition.to) is not allowed",
            file: file, line: line)
    }

    package static func stateConflict(
        batchID: UUID, expected: BatchRecord.State, actual: BatchRecord.State, file: String = #fileID, line: Int = #line
    ) -> Self {
        Self(
            .stateConflict, "batch \(batchID) is \(actual), expected \(expected)", file: file, line: line)
    }

    package static func notFound(_ what: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.notFound, "\(what) not found", file: file, line: line)
    }

    package static func notPending(
        _ request: RequestKey, status: RequestStatus?, file: String = #fileID, line: Int = #line
    ) -> Self {
        let state = status.map { "is \($0)" } ?? "does not exist"
        return Self(.notPending, "request \(request) \(state), expected pending", file: file, line: line)
    }

    package static func invalidArgument(_ message: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.invalidArgument, message, file: file, line: line)
    }

    /// A failure of the storage underneath that no retry will fix by itself (file system, schema).
    package static func storage(_ message: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.storage, message, file: file, line: line)
    }

    /// Classifies an SQLite error: busy and locked are retriable, a full disk is retriable once
    /// space returns, constraints are not, the rest (I/O, corruption, misuse) is a storage failure
    /// that needs an operator.
    static func database(
        _ error: DatabaseError, operation: String, file: String = #fileID, line: Int = #line
    ) -> Self {
        let code: Code =
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: .busy
            case .SQLITE_CONSTRAINT: .constraint
            case .SQLITE_FULL: .diskFull
            default: .storage
            }
        return Self(code, "\(operation) failed", underlying: error, file: file, line: line)
    }
}
