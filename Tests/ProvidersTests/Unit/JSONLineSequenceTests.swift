import NIOCore
import Testing

@testable import Providers

@Suite("JSONL line splitting", .timeLimit(.minutes(1)))
struct JSONLineSequenceTests {
    struct Chunks: AsyncSequence {
        typealias Element = ByteBuffer
        let chunks: [String]

        struct AsyncIterator: AsyncIteratorProtocol {
            var remaining: [String]
            mutating func next() async throws -> ByteBuffer? {
                guard !self.remaining.isEmpty else { return nil }
                return ByteBuffer(string: self.remaining.removeFirst())
            }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: self.chunks) }
    }

    static func lines(_ chunks: [String], max: Int = 1 << 20) async throws -> [String] {
        var result: [String] = []
        for try await line in JSONLineSequence(base: Chunks(chunks: chunks), maximumLineBytes: max) {
            result.append(String(buffer: line))
        }
        return result
    }

    @Test func splitsAcrossChunkBoundaries() async throws {
        #expect(try await Self.lines(["{\"a\":1}\n{\"b\"", ":2}\n", "{\"c\":3}"]) == ["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"])
        #expect(try await Self.lines(["ab", "c", "d\nef\n", "\n\n", "g"]) == ["abcd", "ef", "g"])
        #expect(try await Self.lines(["x\r\ny\r", "\n"]) == ["x", "y"])
        #expect(try await Self.lines([]) == [])
        #expect(try await Self.lines(["\n\n\n"]) == [])
    }

    @Test func everyByteBoundaryGivesTheSameLines() async throws {
        let text = "{\"custom_id\":\"a\"}\n{\"custom_id\":\"b\",\"x\":\"\\n\"}\r\n\n{\"custom_id\":\"c\"}\n"
        let expected = ["{\"custom_id\":\"a\"}", "{\"custom_id\":\"b\",\"x\":\"\\n\"}", "{\"custom_id\":\"c\"}"]
        let bytes = Array(text.utf8)
        for cut in 0...bytes.count {
            let chunks = [String(decoding: bytes[..<cut], as: UTF8.self), String(decoding: bytes[cut...], as: UTF8.self)]
            #expect(try await Self.lines(chunks) == expected, "cut at \(cut)")
        }
        let single = bytes.map { String(decoding: [$0], as: UTF8.self) }
        #expect(try await Self.lines(single) == expected)
    }

    @Test func aLineOverTheCapThrows() async throws {
        await #expect(throws: JSONLineSequence<Chunks>.LineTooLong.self) {
            _ = try await Self.lines(["0123456789", "0123456789", "\n"], max: 15)
        }
        #expect(try await Self.lines(["0123456789\n", "0123456789\n"], max: 15).count == 2)
    }
}
