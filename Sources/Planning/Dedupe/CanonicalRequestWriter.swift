import Foundation
import Providers

/// Writes a request as `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` would, byte for
/// byte, in one pass over a buffer.
///
/// Written by hand because the intake encodes every request once to journal and fingerprint it,
/// and `JSONEncoder`'s generic `Codable` machinery was a third of the intake's decoding time
/// (measured with perf); no faster JSON library is available. It covers what a rendered request holds (text
/// blocks, messages, parameters, embedding inputs, cache steering); a request with tools returns
/// nil and is left to `JSONEncoder`. `CanonicalRequestWriterTests` holds it to `JSONEncoder`'s bytes.
struct CanonicalRequestWriter {
    private var bytes: [UInt8] = []

    /// The encoding, or nil for a request this writer does not cover.
    static func encode(_ request: LLMRequest) -> Data? {
        guard request.tools.isEmpty, request.toolChoice == nil else { return nil }
        var writer = CanonicalRequestWriter()
        writer.bytes.reserveCapacity(512 + request.system.reduce(0) { $0 + ($1.text?.utf8.count ?? 0) })
        guard writer.write(request) else { return nil }
        return Data(writer.bytes)
    }

    /// Keys in sorted order, as `.sortedKeys` writes them.
    private mutating func write(_ request: LLMRequest) -> Bool {
        raw("{")
        if let cachedContent = request.cachedContent { key("cached_content", first: true); string(cachedContent); raw(",") }
        key("custom_id", first: true)
        string(request.customID)
        if let dimensions = request.dimensions {
            key("dimensions")
            integer(dimensions)
        }
        key("input")
        array(request.input) { $0.string($1) }
        key("kind")
        string(request.kind.rawValue)
        key("messages")
        array(request.messages) { writer, message in
            writer.raw("{")
            writer.key("content", first: true)
            writer.array(message.content) { $0.block($1) }
            writer.key("role")
            writer.string(message.role.rawValue)
            writer.raw("}")
        }
        key("model")
        string(request.model)
        key("parameters")
        guard parameters(request.parameters) else { return false }
        if let key = request.promptCacheKey {
            self.key("prompt_cache_key")
            string(key)
        }
        if let retention = request.promptCacheRetention {
            key("prompt_cache_retention")
            string(retention)
        }
        key("system")
        array(request.system) { $0.block($1) }
        key("tools")
        raw("[]")
        raw("}")
        return true
    }

    private mutating func block(_ block: Providers.ContentBlock) {
        raw("{")
        if let cache = block.cache {
            key("cache", first: true)
            raw("{\"ttl\":")
            string(cache.ttl.rawValue)
            raw("},")
        }
        switch block.content {
        case .text(let text):
            key("text", first: true)
            string(text)
            key("type")
            string("text")
        }
        raw("}")
    }

    private mutating func parameters(_ parameters: GenerationParameters) -> Bool {
        raw("{")
        key("max_tokens", first: true)
        integer(parameters.maxTokens)
        key("stop")
        array(parameters.stopSequences) { $0.string($1) }
        if let temperature = parameters.temperature {
            key("temperature")
            guard double(temperature) else { return false }
        }
        if let topK = parameters.topK {
            key("top_k")
            integer(topK)
        }
        if let topP = parameters.topP {
            key("top_p")
            guard double(topP) else { return false }
        }
        raw("}")
        return true
    }

    // MARK: - Values

    private mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// `"name":`, after a comma unless it is the object's first key.
    private mutating func key(_ name: StaticString, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func array<T>(_ elements: [T], _ element: (inout CanonicalRequestWriter, T) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            element(&self, value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func integer(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// As `JSONEncoder` writes a finite `Double`: its shortest description, without a trailing
    /// `.0`. A non-finite value is refused (`JSONEncoder` throws).
    private mutating func double(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
        return true
    }

    /// A string with `JSONEncoder`'s escapes: quote, backslash, the short control escapes, and
    /// `\u00xx` for the other control characters; everything else as UTF-8.
    private mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    let digits: StaticString = "0123456789abcdef"
                    raw("u00")
                    bytes.append(digits.utf8Start[Int(byte >> 4)])
                    bytes.append(digits.utf8Start[Int(byte & 0x0F)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
