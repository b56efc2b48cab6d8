package import Foundation

/// One record of the demo workload, ready to publish to the requests topic.
package struct DemoRecord: Sendable, Hashable {
    /// The Kafka key (`tenant/document id`); `nil` for the few records a careless producer sent without one.
    package var key: Data?
    package var value: Data
    package var headers: [Header]
    package var kind: Kind
    /// The (tenant, id) the record carries, when it has both.
    package var identity: DemoRequestIdentity?
    /// The task it names, when it does.
    package var task: String?

    /// A Kafka record header.
    package struct Header: Sendable, Hashable {
        package var name: String
        package var value: String

        package init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// What the record is meant to exercise.
    package enum Kind: Sendable, Hashable {
        /// A well-formed event seen for the first time.
        case valid
        /// The same bytes as an earlier valid record, re-published (the journal must ignore it).
        case duplicate
        /// A record that must not produce a successful result.
        case malformed(MalformedReason)
    }

    /// How a malformed record is broken, and so where it must fail.
    package enum MalformedReason: String, Sendable, Hashable, CaseIterable {
        /// Not JSON at all: DLQ, `malformed_json`.
        case notJSON = "not_json"
        /// No `tenant`: DLQ, `missing_field` at `tenant`.
        case missingTenant = "missing_tenant"
        /// A well-formed event naming a task that is not configured: a `failed` result
        /// (`unknown_task`), not the DLQ.
        case unknownTask = "unknown_task"
        /// `priority` outside low/normal/high: DLQ, `invalid_value` at `priority`.
        case badPriority = "bad_priority"
        /// A document beyond the schema's size limits (document metadata over 64 keys; the schema
        /// bounds no text length): DLQ, `invalid_value` at `document.metadata`.
        case oversized

        /// Whether the record fails decoding (and goes to the DLQ) rather than rendering.
        package var failsDecoding: Bool { self != .unknownTask }
    }

    /// Bytes the record occupies in a partition's log: key, value, headers and a per-record
    /// overhead as if each were its own batch (61-byte batch header plus record framing), so sums
    /// err on the high side.
    package var logBytes: Int {
        (key?.count ?? 0) + value.count + headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 2 } + 80
    }
}

/// A request's idempotency key: unique per tenant.
package struct DemoRequestIdentity: Sendable, Hashable, Comparable, CustomStringConvertible {
    package var tenant: String
    package var id: String

    package init(tenant: String, id: String) {
        self.tenant = tenant
        self.id = id
    }

    package static func < (lhs: Self, rhs: Self) -> Bool { (lhs.tenant, lhs.id) < (rhs.tenant, rhs.id) }
    package var description: String { "\(tenant)/\(id)" }
}
