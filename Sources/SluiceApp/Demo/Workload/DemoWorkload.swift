package import Foundation
package import Planning

/// The demo's generated workload: two tenants' business documents sent through four tasks, with the
/// realistic mess a stream carries (duplicates, malformed records, priorities, deadlines, trace
/// headers), fully determined by a seed and a reference time.
package struct DemoWorkload: Sendable {
    /// The task templates the records name (see ``demoTasks``).
    package var tasks: [String: TaskTemplate]
    /// Records in publish order.
    package var records: [DemoRecord]
    /// What a correct run must end with.
    package var expected: DemoExpectation

    package static let tenants = ["acme", "globex"]
    /// The default reference time (deadlines are relative to it), so a seed alone fixes the bytes.
    package static let referenceDate = Date(timeIntervalSince1970: 1_795_424_400)  // 2026-11-23T09:00:00Z

    /// Generates the workload.
    ///
    /// - Parameters:
    ///   - seed: fixes every choice; the same seed (and `now`) gives the same bytes.
    ///   - documentsPerTenant: documents per tenant; each yields a classify request, most an
    ///     extract or summarize request too, and one to three embedding chunks.
    ///   - now: deadlines are set a few hours (a few, minutes) after it; the demo passes the clock's now.
    package static func generate(seed: UInt64, documentsPerTenant: Int = 120, now: Date = referenceDate) -> DemoWorkload {
        var builder = DemoWorkloadBuilder(seed: seed, now: now)
        var perTenant: [[DemoRecord]] = []
        for tenant in tenants {
            perTenant.append(builder.validRecords(tenant: tenant, documents: documentsPerTenant))
        }
        var records = builder.interleave(perTenant)
        records = builder.addDuplicates(to: records, share: 0.03)
        records = builder.addMalformed(to: records, share: 0.02)
        return DemoWorkload(tasks: demoTasks, records: records, expected: Self.expectation(of: records))
    }

    /// Bytes each partition of the requests topic would hold with `partitions` partitions, with keyed
    /// records placed as librdkafka's `murmur2_random` partitioner places them. An upper bound:
    /// keyless records (placed at random) are counted on every partition, and each record carries a
    /// batch's overhead.
    package func bytesPerPartition(partitions: Int) -> [Int] {
        var bytes = [Int](repeating: 0, count: partitions)
        var keyless = 0
        for record in records {
            if let key = record.key {
                bytes[KafkaKeyPartitioner.partition(key: key, partitions: partitions)] += record.logBytes
            } else {
                keyless += record.logBytes
            }
        }
        return bytes.map { $0 + keyless }
    }

    static func expectation(of records: [DemoRecord]) -> DemoExpectation {
        var expectation = DemoExpectation(
            accepted: [], duplicates: 0, malformed: 0, malformedByReason: [:], deadLettered: 0, renderFailures: [], perTask: [:],
            perTenant: [:], records: records.count)
        for record in records {
            switch record.kind {
            case .valid:
                guard let identity = record.identity else { continue }
                expectation.accepted.insert(identity)
                expectation.perTask[record.task ?? "", default: 0] += 1
                expectation.perTenant[identity.tenant, default: 0] += 1
            case .duplicate:
                expectation.duplicates += 1
            case .malformed(let reason):
                expectation.malformed += 1
                expectation.malformedByReason[reason, default: 0] += 1
                if reason.failsDecoding {
                    expectation.deadLettered += 1
                } else if let identity = record.identity {
                    expectation.renderFailures.insert(identity)
                }
            }
        }
        return expectation
    }
}
