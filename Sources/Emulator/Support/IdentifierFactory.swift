import Synchronization

/// Makes provider-shaped identifiers (`msgbatch_01…`, `file-…`, `batches/…`) from the seed and a
/// counter, so two runs with one seed and one request order produce the same ids.
package final class IdentifierFactory: Sendable {
    private let seed: UInt64
    private let counter = Mutex<UInt64>(0)

    private static let base62 = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    private static let lowerAlphanumeric = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
    private static let hex = Array("0123456789abcdef".utf8)

    /// A factory for one emulator instance.
    package init(seed: UInt64) { self.seed = seed }

    /// The character sets ids are drawn from.
    package enum Alphabet: Sendable {
        case base62, lowerAlphanumeric, hex
    }

    /// `prefix` followed by `length` characters of `alphabet`.
    package func make(_ prefix: String, length: Int, alphabet: Alphabet = .base62) -> String {
        let sequence = counter.withLock { value -> UInt64 in
            value += 1
            return value
        }
        let characters: [UInt8]
        switch alphabet {
        case .base62: characters = Self.base62
        case .lowerAlphanumeric: characters = Self.lowerAlphanumeric
        case .hex: characters = Self.hex
        }
        var generator = SeededRandom(seed: StableHash.of([prefix, String(sequence)], seed: seed))
        var output = Array(prefix.utf8)
        for _ in 0..<length {
            output.append(characters[Int(generator.next() % UInt64(characters.count))])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
