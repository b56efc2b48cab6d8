import Benchmark

/// The RdKafka wrapper against the same librdkafka calls made directly in C (the RawKafka
/// target), on librdkafka's in-process mock broker, for 1 KB and 8 KB records.
///
/// Pairs share their workload (record count, topic layout) and run in the same suite, one after
/// the other, so a busy machine affects both. Iterations are few and bounded: a consume iteration
/// costs a ~3 s group join that is not measured but is waited for.
let benchmarks: @Sendable () -> Void = {
    // Before the tool starts counting allocations: see ProcessWarmUp.
    Benchmark.setup = { await ProcessWarmUp.run() }

    // Not `.throughput`: it counts iterations per second, and reads 0 for spans over 2 s.
    let metrics: [BenchmarkMetric] = [
        RecordSpan.recordsPerSecond, RecordSpan.recordsMeasured, .wallClock, .cpuTotal, .mallocCountTotal,
        .peakMemoryResident,
    ]
    // Exact values in the export (scripts/bench.sh reads the samples): microseconds, plain counts.
    let units: [BenchmarkMetric: BenchmarkUnits] = [
        RecordSpan.recordsPerSecond: .count, RecordSpan.recordsMeasured: .count, .mallocCountTotal: .count,
        .peakMemoryResident: .count,
    ]
    // A produce iteration takes ~1-3 s; one warm-up iteration, then five measured.
    let produce = Benchmark.Configuration(
        metrics: metrics, timeUnits: .microseconds, units: units, warmupIterations: 1, maxDuration: .seconds(60),
        maxIterations: 5)
    // A consume iteration also fills its backlog and waits out the group join (~3 s, unmeasured):
    // no warm-up (every iteration has a new broker and group anyway), four measured.
    let consume = Benchmark.Configuration(
        metrics: metrics, timeUnits: .microseconds, units: units, warmupIterations: 0, maxDuration: .seconds(90),
        maxIterations: 4)

    // An intake iteration fills a 440 MB backlog and drains it in another process: three each.
    let intake = Benchmark.Configuration(
        metrics: IntakeRun.metrics + [.wallClock], timeUnits: .microseconds,
        units: Dictionary(uniqueKeysWithValues: IntakeRun.metrics.map { ($0, BenchmarkUnits.count) }),
        warmupIterations: 0, maxDuration: .seconds(900), maxIterations: 3)
    let standard = IntakeWorkload.standard
    Benchmark("Intake \(standard.workload.label) raw", configuration: intake) { benchmark in
        try await IntakeRun.raw(standard, benchmark)
    }
    Benchmark("Intake \(standard.workload.label) python", configuration: intake) { benchmark in
        try await IntakeRun.python(standard, benchmark)
    }
    Benchmark("Intake \(standard.workload.label) sluice", configuration: intake) { benchmark in
        try await IntakeRun.sluice(standard, benchmark)
    }

    for workload in Workload.suite {
        Benchmark("Produce \(workload.label) raw", configuration: produce) { benchmark in
            try await ProduceRun.raw(workload, benchmark)
        }
        Benchmark("Produce \(workload.label) wrapper", configuration: produce) { benchmark in
            try await ProduceRun.wrapper(workload, benchmark)
        }
        Benchmark("Consume \(workload.label) raw", configuration: consume) { benchmark in
            try await ConsumeRun.raw(workload, benchmark)
        }
        Benchmark("Consume \(workload.label) wrapper", configuration: consume) { benchmark in
            try await ConsumeRun.wrapper(workload, benchmark)
        }
    }
}

extension Workload {
    /// 200 MB (1 KB) and 400 MB (8 KB) per iteration, spread so each partition holds ~1.6 MB,
    /// a third of the mock's 5 MiB cap.
    static let suite: [Workload] = [
        Workload(label: "1KB", recordSize: 1_024, records: 200_000, partitions: 128),
        Workload(label: "8KB", recordSize: 8_192, records: 50_000, partitions: 256),
    ]
}
