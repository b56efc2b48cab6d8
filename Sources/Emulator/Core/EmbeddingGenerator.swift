import Foundation

/// Deterministic unit-norm embeddings: the same (model, text) always gives the same vector, so
/// tests can compare them, and similar-looking inputs are not similar (they are hash-derived).
enum EmbeddingGenerator {
    /// A unit vector of `dimensions` floats for `text`. A reduced dimension is the prefix of the
    /// full vector renormalised, as Matryoshka-trained models behave.
    static func vector(model: String, text: String, fullDimensions: Int, dimensions: Int) -> [Float] {
        var random = SeededRandom(seed: StableHash.of([model, text]))
        var values = [Float](repeating: 0, count: fullDimensions)
        var index = 0
        while index < fullDimensions {
            // Box–Muller: two normal draws per pair of uniforms.
            let u1 = max(random.nextUnit(), 1e-12)
            let u2 = random.nextUnit()
            let radius = (-2 * Foundation.log(u1)).squareRoot()
            values[index] = Float(radius * cos(2 * .pi * u2))
            if index + 1 < fullDimensions { values[index + 1] = Float(radius * sin(2 * .pi * u2)) }
            index += 2
        }
        var prefix = Array(values.prefix(dimensions))
        let norm = prefix.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 { prefix = prefix.map { $0 / norm } }
        return prefix
    }

    /// JSON numbers with a float's shortest spelling (compact, and exact as float32).
    static func json(_ vector: [Float]) -> JSONValue {
        .array(vector.map { .double(Double("\($0)") ?? Double($0)) })
    }

    /// Little-endian float32 bytes in base64, OpenAI's `encoding_format: base64`.
    static func base64(_ vector: [Float]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(vector.count * 4)
        for value in vector {
            let bits = value.bitPattern.littleEndian
            bytes.append(UInt8(truncatingIfNeeded: bits))
            bytes.append(UInt8(truncatingIfNeeded: bits >> 8))
            bytes.append(UInt8(truncatingIfNeeded: bits >> 16))
            bytes.append(UInt8(truncatingIfNeeded: bits >> 24))
        }
        return Data(bytes).base64EncodedString()
    }
}
