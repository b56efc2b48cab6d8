/// A request's identity: its id is unique per tenant (the request event's idempotency key).
package struct RequestKey: Sendable, Hashable, Codable, CustomStringConvertible {
    package var tenant: String
    package var requestID: String

    package init(tenant: String, requestID: String) {
        self.tenant = tenant
        self.requestID = requestID
    }

    package var description: String { "\(tenant)/\(requestID)" }
}
