import Benchmark
import RdKafka

/// Consume throughput from a backlog: a new group reads all `records` records, storing each offset.
///
/// Each iteration gets a new broker, fills the backlog with the C producer (the same records for
/// both clients, checked against the partition cap), then starts a consumer in a new group. The
/// span runs from the first record received to the last, so the embedded broker's ~3 s group
/// join is left out identically for both: `records - 1` records are measured.
enum ConsumeRun {
    static func raw(_ workload: Workload, _ benchmark: Benchmark) async throws {
        let settings = ConsumerSettings.embedded
        try await withBacklog(workload) { bootstrapServers in
            let consumer = try await RawConsumerClient.make(
                bootstrapServers: bootstrapServers, groupID: ConsumerSettings.freshGroupID(workload, client: "raw"),
                topic: BrokerScope.topic, settings: settings)
            do {
                try await consumer.consume(
                    count: 1, valueSize: workload.recordSize, timeoutMilliseconds: settings.firstRecordTimeoutMilliseconds)

                let span = RecordSpan(benchmark)
                try await consumer.consume(
                    count: workload.records - 1, valueSize: workload.recordSize,
                    timeoutMilliseconds: settings.drainTimeoutMilliseconds)
                span.stop(records: workload.records - 1)
            } catch {
                await consumer.close()
                throw error
            }
            await consumer.close()
        }
    }

    static func wrapper(_ workload: Workload, _ benchmark: Benchmark) async throws {
        let settings = ConsumerSettings.embedded
        try await withBacklog(workload) { bootstrapServers in
            var configuration = KafkaConsumerConfiguration(
                bootstrapServers: bootstrapServers, groupID: ConsumerSettings.freshGroupID(workload, client: "wrapper"),
                topics: [BrokerScope.topic])
            configuration.sessionTimeoutMilliseconds = settings.sessionTimeoutMilliseconds
            configuration.heartbeatIntervalMilliseconds = settings.heartbeatIntervalMilliseconds
            configuration.fetchWaitMaxMilliseconds = settings.fetchWaitMaxMilliseconds
            let consumer = try KafkaConsumer(configuration: configuration, logger: .bench)
            // Closing ends the message sequence, so a missing record fails the run instead of hanging it.
            let watchdog = Task {
                try await Task.sleep(
                    for: .milliseconds(Int(settings.firstRecordTimeoutMilliseconds) + Int(settings.drainTimeoutMilliseconds)))
                await consumer.close()
            }
            do {
                var iterator = consumer.messages.makeAsyncIterator()
                guard let first = try await iterator.next() else {
                    throw BenchmarkFailure("wrapper consumer: no record before the consumer closed")
                }
                try check(first, workload)
                try consumer.storeOffset(first)

                let span = RecordSpan(benchmark)
                var received = 1
                while received < workload.records, let message = try await iterator.next() {
                    try check(message, workload)
                    try consumer.storeOffset(message)
                    received += 1
                }
                span.stop(records: workload.records - 1)

                guard received == workload.records else {
                    throw BenchmarkFailure("wrapper consumer: \(received) of \(workload.records) records before the timeout")
                }
            } catch {
                watchdog.cancel()
                await consumer.close()
                throw error
            }
            watchdog.cancel()
            await consumer.close()
        }
    }

    /// The same check the C baseline makes on every record.
    private static func check(_ message: KafkaConsumerMessage, _ workload: Workload) throws(BenchmarkFailure) {
        guard message.value.count == workload.recordSize, message.key?.count == 8 else {
            throw BenchmarkFailure(
                "record of \(message.value.count) bytes with a \(message.key?.count ?? 0)-byte key; expected \(workload.recordSize) and 8")
        }
    }

    /// A broker whose topic holds exactly the workload's records (checked), then `body`.
    private static func withBacklog(_ workload: Workload, _ body: (_ bootstrapServers: String) async throws -> Void) async throws {
        let expected = try workload.expectedCounts(records: workload.records)
        try await BrokerScope.run(workload) { bootstrapServers in
            let producer = try await RawProducerClient.make(bootstrapServers: bootstrapServers)
            do {
                try await producer.produce(topic: BrokerScope.topic, first: 0, count: workload.records, valueSize: workload.recordSize)
            } catch {
                await producer.destroy()
                throw error
            }
            await producer.destroy()
            try await workload.verify(topic: BrokerScope.topic, bootstrapServers: bootstrapServers, expected: expected)
            try await body(bootstrapServers)
        }
    }
}
