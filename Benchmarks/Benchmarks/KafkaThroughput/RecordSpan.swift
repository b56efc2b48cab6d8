import Benchmark

/// The measured span of one iteration: from `startMeasurement()` to `stopMeasurement()`, which
/// bound the tool's wall-clock, CPU and malloc metrics, plus a records-per-second metric of our own
/// over the same span (the tool's `.throughput` counts iterations, not records).
struct RecordSpan {
    /// Records per second over the measured span.
    static let recordsPerSecond = BenchmarkMetric.custom("recordsPerSecond", polarity: .prefersLarger, useScalingFactor: false)
    /// How many records the span covered, so per-record figures (mallocs per record) can be derived.
    static let recordsMeasured = BenchmarkMetric.custom("recordsMeasured", polarity: .prefersLarger, useScalingFactor: false)

    private let benchmark: Benchmark
    private let start: ContinuousClock.Instant

    /// Starts the tool's measurement, then our clock.
    init(_ benchmark: Benchmark) {
        self.benchmark = benchmark
        benchmark.startMeasurement()
        start = .now
    }

    /// Stops both and records `records / elapsed` and `records`.
    func stop(records: Int) {
        let elapsed = start.duration(to: .now)
        benchmark.stopMeasurement()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        benchmark.measurement(Self.recordsPerSecond, Int((Double(records) / seconds).rounded()))
        benchmark.measurement(Self.recordsMeasured, records)
    }
}
