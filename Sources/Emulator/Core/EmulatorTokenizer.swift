/// The emulator's own tokenizer: deterministic, byte-oriented, and tuned to land near the ~4
/// characters per token the providers quote for English. It is deliberately *not* Sluice's
/// estimator, so a client that predicts token counts is checked against an independent count.
///
/// Rules, applied left to right over UTF-8:
/// - a run of ASCII letters, with at most one leading space merged into it, is one token per 4 letters;
/// - a run of digits is one token per 3 digits;
/// - any other run of whitespace is one token;
/// - each other ASCII character is one token;
/// - each non-ASCII Unicode scalar is one token.
package enum EmulatorTokenizer {
    /// The number of tokens in `text`.
    package static func count(_ text: String) -> Int {
        var total = 0
        var copy = text
        copy.withUTF8 { bytes in
            forEachToken(bytes) { _ in total += 1 }
        }
        return total
    }

    /// One stable hash per token, for caches that match prefixes token by token.
    package static func tokenHashes(_ text: String) -> [UInt64] {
        var hashes: [UInt64] = []
        var copy = text
        copy.withUTF8 { bytes in
            hashes.reserveCapacity(bytes.count / 3)
            forEachToken(bytes) { range in
                var hash = StableHash()
                hash.combine(bytes: UnsafeBufferPointer(rebasing: bytes[range]))
                hashes.append(hash.finalized)
            }
        }
        return hashes
    }

    @inline(__always)
    static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    /// Calls `body` with the byte range of every token in order.
    static func forEachToken(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Void) {
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = bytes[index]
            if byte == 0x20, index + 1 < count, isLetter(bytes[index + 1]) {
                index = emitRun(bytes, from: index, letterStart: index + 1, chunk: 4, isMember: isLetter, body)
            } else if isLetter(byte) {
                index = emitRun(bytes, from: index, letterStart: index, chunk: 4, isMember: isLetter, body)
            } else if isDigit(byte) {
                index = emitRun(bytes, from: index, letterStart: index, chunk: 3, isMember: isDigit, body)
            } else if isSpace(byte) {
                var end = index + 1
                // Leave a final single space for the following word when one follows.
                while end < count, isSpace(bytes[end]) {
                    if bytes[end] == 0x20, end + 1 < count, isLetter(bytes[end + 1]) { break }
                    end += 1
                }
                body(index..<end)
                index = end
            } else if byte < 0x80 {
                body(index..<(index + 1))
                index += 1
            } else {
                var end = index + 1
                while end < count, bytes[end] & 0xC0 == 0x80 { end += 1 }
                body(index..<end)
                index = end
            }
        }
    }

    /// Emits a run of `isMember` bytes starting at `letterStart` in chunks of `chunk`, the first
    /// chunk also covering any leading space between `from` and `letterStart`.
    @inline(__always)
    static func emitRun(
        _ bytes: UnsafeBufferPointer<UInt8>,
        from start: Int,
        letterStart: Int,
        chunk: Int,
        isMember: (UInt8) -> Bool,
        _ body: (Range<Int>) -> Void
    ) -> Int {
        var end = letterStart
        while end < bytes.count, isMember(bytes[end]) { end += 1 }
        var chunkStart = start
        var cursor = letterStart
        while cursor < end {
            let chunkEnd = min(cursor + chunk, end)
            body(chunkStart..<chunkEnd)
            chunkStart = chunkEnd
            cursor = chunkEnd
        }
        return end
    }
}
