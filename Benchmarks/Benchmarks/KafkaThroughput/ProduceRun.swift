import Benchmark
import RdKafka

/// Produce throughput: enqueue `records` records and wait until all have a delivery report.
///
/// Each iteration gets a new broker and producer; one warm-up record (the last key) is delivered
/// before the measured span, so connecting, the idempotent producer's id and the topic's metadata
/// are not measured. Afterwards the topic must hold exactly the planned records per partition.
enum ProduceRun {
    static func raw(_ workload: Workload, _ benchmark: Benchmark) async throws {
        let expected = try workload.expectedCounts(records: workload.records + 1)
        try await BrokerScope.run(workload) { bootstrapServers in
            let producer = try await RawProducerClient.make(bootstrapServers: bootstrapServers)
            do {
                try await producer.produce(
                    topic: BrokerScope.topic, first: workload.records, count: 1, valueSize: workload.recordSize)

                let span = RecordSpan(benchmark)
                try await producer.produce(
                    topic: BrokerScope.topic, first: 0, count: workload.records, valueSize: workload.recordSize)
                span.stop(records: workload.records)
            } catch {
                await producer.destroy()
                throw error
            }
            await producer.destroy()
            try await workload.verify(topic: BrokerScope.topic, bootstrapServers: bootstrapServers, expected: expected)
        }
    }

    static func wrapper(_ workload: Workload, _ benchmark: Benchmark) async throws {
        let expected = try workload.expectedCounts(records: workload.records + 1)
        let value = workload.value()
        let records = workload.records
        try await BrokerScope.run(workload) { bootstrapServers in
            let producer = try KafkaProducer(
                configuration: KafkaProducerConfiguration(bootstrapServers: bootstrapServers), logger: .bench)
            // Ends the report stream (and so the run) if reports stop coming.
            let watchdog = Task {
                try await Task.sleep(for: .seconds(180))
                await producer.shutdown()
            }
            do {
                try await producer.send(KafkaProducerMessage(topic: BrokerScope.topic, key: Workload.key(records), value: value))
                let reports = Task {
                    var delivered = 0
                    var failed = 0
                    for await report in producer.deliveryReports {
                        if report.isDelivered { delivered += 1 } else { failed += 1 }
                        if delivered + failed == records { break }
                    }
                    return (delivered, failed)
                }

                let span = RecordSpan(benchmark)
                for index in 0..<records {
                    // The key is built here, as a caller of the wrapper must: one [UInt8] per record.
                    _ = try await producer.enqueue(KafkaProducerMessage(topic: BrokerScope.topic, key: Workload.key(index), value: value))
                }
                let (delivered, failed) = await reports.value
                span.stop(records: records)

                guard delivered == records else {
                    throw BenchmarkFailure("wrapper producer: \(delivered) of \(records) delivered, \(failed) failed")
                }
            } catch {
                watchdog.cancel()
                await producer.shutdown()
                throw error
            }
            watchdog.cancel()
            await producer.shutdown()
            try await workload.verify(topic: BrokerScope.topic, bootstrapServers: bootstrapServers, expected: expected)
        }
    }
}
