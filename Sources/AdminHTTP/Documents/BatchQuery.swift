import Foundation
import StateStore

/// The query of `GET /v1/batches`: `state` (repeatable, or comma-separated; `all` for every state)
/// and `limit`.
struct BatchQuery: Sendable, Hashable {
    /// Without `state`: the batches still in motion, which is what an operator looks for; the
    /// terminal ones pile up for ever.
    static let defaultStates: Set<BatchRecord.State> = Set(BatchRecord.State.allCases.filter { !$0.isTerminal })
    static let defaultLimit = 100
    static let maximumLimit = 1000

    var states: Set<BatchRecord.State>
    var limit: Int

    /// Parses the query parameters.
    /// - Parameters:
    ///   - stateValues: Every `state` value, in order.
    ///   - limitValue: The `limit` value, if given.
    /// - Throws: ``AdminRequestError`` naming the unknown state or the bad limit.
    init(stateValues: [String], limitValue: String?) throws(AdminRequestError) {
        let names = stateValues.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        if names.isEmpty {
            states = Self.defaultStates
        } else if names.contains("all") {
            states = Set(BatchRecord.State.allCases)
        } else {
            var states: Set<BatchRecord.State> = []
            for name in names {
                guard let state = BatchRecord.State(rawValue: name) else {
                    throw .invalidParameter(
                        "state", "unknown batch state '\(name)'; expected one of "
                            + BatchRecord.State.allCases.map(\.rawValue).joined(separator: ", ") + ", or all")
                }
                states.insert(state)
            }
            self.states = states
        }
        if let limitValue {
            guard let limit = Int(limitValue), (1...Self.maximumLimit).contains(limit) else {
                throw .invalidParameter("limit", "limit must be an integer from 1 to \(Self.maximumLimit), got '\(limitValue)'")
            }
            self.limit = limit
        } else {
            limit = Self.defaultLimit
        }
    }
}
