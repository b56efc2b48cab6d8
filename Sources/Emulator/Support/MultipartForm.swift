import Foundation

/// A parsed `multipart/form-data` body (RFC 7578): what `POST /v1/files` receives.
struct MultipartForm: Sendable {
    /// One part.
    struct Part: Sendable {
        /// The form field name.
        var name: String
        /// The file name, for file parts.
        var filename: String?
        /// The part's bytes.
        var data: ArraySlice<UInt8>
    }

    /// Parts in order.
    var parts: [Part]

    /// The first part named `name`.
    func part(_ name: String) -> Part? { parts.first { $0.name == name } }

    /// A text field's value.
    func field(_ name: String) -> String? {
        part(name).map { String(decoding: $0.data, as: UTF8.self) }
    }

    /// The boundary of a `multipart/form-data` content type.
    static func boundary(contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                return String(pair[1]).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    /// Parses `body` with `boundary`; `nil` when it is not well-formed.
    static func parse(_ body: [UInt8], boundary: String) -> MultipartForm? {
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [Part] = []
        guard var cursor = find(delimiter, in: body, from: 0) else { return nil }
        cursor += delimiter.count
        while cursor + 1 < body.count {
            // "--" after a delimiter ends the body.
            if body[cursor] == UInt8(ascii: "-"), body[cursor + 1] == UInt8(ascii: "-") { break }
            // Skip CRLF after the delimiter.
            if body[cursor] == 0x0D, body[cursor + 1] == 0x0A { cursor += 2 }
            guard let headerEnd = find([0x0D, 0x0A, 0x0D, 0x0A], in: body, from: cursor) else { return nil }
            let headerText = String(decoding: body[cursor..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let next = find([0x0D, 0x0A] + delimiter, in: body, from: contentStart) else { return nil }
            var name = ""
            var filename: String?
            for line in headerText.split(separator: "\r\n") where line.lowercased().hasPrefix("content-disposition") {
                name = parameter("name", in: String(line)) ?? ""
                filename = parameter("filename", in: String(line))
            }
            parts.append(Part(name: name, filename: filename, data: body[contentStart..<next]))
            cursor = next + 2 + delimiter.count
        }
        return MultipartForm(parts: parts)
    }

    private static func parameter(_ key: String, in line: String) -> String? {
        for item in line.split(separator: ";").dropFirst() {
            let pair = item.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0] == key {
                return String(pair[1]).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first {
                var matched = true
                for offset in 1..<needle.count where haystack[index + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }
}
