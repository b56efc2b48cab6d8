/// Deterministic filler text of an exact token count under `EmulatorTokenizer`: words of at most
/// four letters (one token each, with their leading space) and sentence punctuation (one token
/// each). Plain ASCII without quotes or backslashes, so it is cheap to embed in JSON even when a
/// result file holds hundreds of megabytes of it.
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

    /// `tokens` tokens of text derived from `seed`.
    package static func generate(tokens: Int, seed: UInt64) -> String {
        String(decoding: generateBytes(tokens: tokens, seed: seed), as: UTF8.self)
    }

    /// The same text as UTF-8 bytes.
    package static func generateBytes(tokens: Int, seed: UInt64) -> [UInt8] {
        guard tokens > 0 else { return [] }
        var generator = SeededRandom(seed: seed)
        var output: [UInt8] = []
        output.reserveCapacity(tokens * 5)
        var remaining = tokens
        var sentenceLength = 0
        var targetLength = 6 + Int(generator.next() % 10)
        var sentencesInParagraph = 0
        while remaining > 0 {
            let startsSentence = sentenceLength == 0
            if remaining >= 2, sentenceLength >= targetLength {
                output.append(UInt8(ascii: "."))
                remaining -= 1
                sentenceLength = 0
                targetLength = 6 + Int(generator.next() % 10)
                sentencesInParagraph += 1
                if sentencesInParagraph >= 5, remaining >= 2 {
                    output.append(contentsOf: [0x0A, 0x0A])
                    remaining -= 1
                    sentencesInParagraph = 0
                }
                continue
            }
            var word = words[Int(generator.next() % UInt64(words.count))]
            if startsSentence { word[0] = word[0] & 0xDF }
            if let last = output.last, last != 0x0A { output.append(0x20) }
            output.append(contentsOf: word)
            remaining -= 1
            sentenceLength += 1
        }
        return output
    }
}
