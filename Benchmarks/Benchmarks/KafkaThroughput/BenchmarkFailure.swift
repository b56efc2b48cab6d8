/// Why a run could not measure what it claims (lost records, a refused property, a timeout).
/// Thrown out of the benchmark closure, so the tool reports the benchmark as failed.
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }

    /// A failure whose text is a NUL-terminated `errstr` filled in by the C baseline.
    init(errorBuffer: [CChar]) {
        self.description = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
