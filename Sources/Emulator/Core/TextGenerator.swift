/// Deterministic filler text of an exact token count under `EmulatorTokenizer`: words of at most
/// four letters (one token each, with their leading space) and full stops (one token each). Plain
/// ASCII without quotes, backslashes or control characters, so it goes into JSON unescaped even when
/// a result file holds hundreds of megabytes of it.
package enum TextGenerator {
    private static let words: [[UInt8]] = [
        "the", "data", "line", "item", "case", "note", "term", "rule", "part", "form", "page", "text",
        "file", "list", "name", "type", "code", "unit", "step", "test", "plan", "cost", "time", "rate",
        "risk", "plot", "view", "fact", "idea", "goal", "task", "work", "team", "user", "firm", "deal",
        "loan", "fund", "bank", "tax", "fee", "law", "act", "date", "year", "week", "day", "hour",
        "and", "but", "for", "with", "from", "into", "over", "upon", "each", "that", "this", "will",
        "may", "must", "can", "has", "had", "was", "are", "is", "be", "to", "of", "in", "on", "at",
        "by", "as", "or", "an", "a", "it", "we", "all", "any", "new", "old", "main", "key", "core",
        "full", "high", "low", "open", "due", "net", "gross", "fair", "firm", "sole", "joint", "per",
    ].map { Array($0.utf8) }.filter { $0.count <= 4 }

    /// A fixed corpus generated once; outputs are slices of it cut at token boundaries, so even a
    /// 64,000-token answer costs one copy (result files of hundreds of megabytes stay quick to
    /// produce in debug builds).
    private struct Corpus {
        var bytes: [UInt8]
        var tokenStarts: [Int]
        var tokenCount: Int { tokenStarts.count }
    }

    private static let corpus: Corpus = {
        let bytes = loopGenerate(tokens: 140_000, seed: 0x5EED)
        var starts: [Int] = []
        starts.reserveCapacity(140_000)
        bytes.withUnsafeBufferPointer { buffer in
            EmulatorTokenizer.forEachToken(buffer) { starts.append($0.lowerBound) }
        }
        return Corpus(bytes: bytes, tokenStarts: starts)
    }()

    /// `tokens` tokens of text derived from `seed`.
    package static func generate(tokens: Int, seed: UInt64) -> String {
        String(decoding: generateBytes(tokens: tokens, seed: seed), as: UTF8.self)
    }

    /// The same text as UTF-8 bytes: letters, spaces and full stops only, so it needs no JSON
    /// escaping.
    package static func generateBytes(tokens: Int, seed: UInt64) -> [UInt8] {
        guard tokens > 0 else { return [] }
        let corpus = Self.corpus
        guard tokens + 16 < corpus.tokenCount else { return loopGenerate(tokens: tokens, seed: seed) }
        var offset = Int(StableHash.mix(seed) % UInt64(corpus.tokenCount - tokens - 16))
        // Start on a word, not on a full stop.
        while corpus.bytes[corpus.tokenStarts[offset]] == UInt8(ascii: ".") { offset += 1 }
        var start = corpus.tokenStarts[offset]
        let end = corpus.tokenStarts[offset + tokens]
        if corpus.bytes[start] == 0x20 { start += 1 }
        return Array(corpus.bytes[start..<end])
    }

    /// Builds text word by word (used for the corpus, and for outputs longer than it).
    static func loopGenerate(tokens: Int, seed: UInt64) -> [UInt8] {
        guard tokens > 0 else { return [] }
        var generator = SeededRandom(seed: seed)
        var output: [UInt8] = []
        output.reserveCapacity(tokens * 5)
        var remaining = tokens
        var sentenceLength = 0
        var targetLength = 6 + Int(generator.next() % 10)
        while remaining > 0 {
            let startsSentence = sentenceLength == 0
            if remaining >= 2, sentenceLength >= targetLength {
                output.append(UInt8(ascii: "."))
                remaining -= 1
                sentenceLength = 0
                targetLength = 6 + Int(generator.next() % 10)
                continue
            }
            var word = words[Int(generator.next() % UInt64(words.count))]
            if startsSentence { word[0] = word[0] & 0xDF }
            if !output.isEmpty { output.append(0x20) }
            output.append(contentsOf: word)
            remaining -= 1
            sentenceLength += 1
        }
        return output
    }
}
