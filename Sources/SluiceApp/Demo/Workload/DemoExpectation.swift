/// What a correct run of the demo workload must end with, for the demo's own checks.
package struct DemoExpectation: Sendable, Hashable {
    /// Every valid request, once: each must get exactly one `succeeded` result.
    package var accepted: Set<DemoRequestIdentity>
    /// Re-published copies of accepted requests; they must produce no second result.
    package var duplicates: Int
    /// Malformed records of every kind.
    package var malformed: Int
    /// Malformed records by how they are broken.
    package var malformedByReason: [DemoRecord.MalformedReason: Int]
    /// Malformed records that fail decoding: each must land on the DLQ.
    package var deadLettered: Int
    /// Well-formed requests naming an unknown task: each must get one `failed` result (`unknown_task`).
    package var renderFailures: Set<DemoRequestIdentity>
    /// Accepted requests per task.
    package var perTask: [String: Int]
    /// Accepted requests per tenant.
    package var perTenant: [String: Int]
    /// Records in the workload, all kinds.
    package var records: Int
}
