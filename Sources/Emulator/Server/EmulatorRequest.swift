import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// One incoming provider request, with its path split into decoded segments and its query parsed.
struct EmulatorRequest: Sendable {
    /// HTTP method.
    var method: HTTPRequest.Method
    /// The raw path.
    var path: String
    /// Percent-decoded path segments (empty ones dropped).
    var segments: [String]
    /// Query parameters (last value wins).
    var query: [String: String]
    /// Header fields.
    var headers: HTTPFields
    /// The underlying request, for its body.
    var raw: Request
    /// `scheme://host:port` as the client addressed us, for absolute URLs in responses.
    var origin: String

    init(_ request: Request, fallbackOrigin: String) {
        self.raw = request
        self.method = request.method
        let path = request.uri.path
        self.path = path
        self.segments = path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        var query: [String: String] = [:]
        if let text = request.uri.query {
            for pair in text.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let decode: (Substring) -> String = {
                    String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
                }
                query[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
            }
        }
        self.query = query
        self.headers = request.headers
        if let host = request.head.authority {
            self.origin = "http://\(host)"
        } else {
            self.origin = fallbackOrigin
        }
    }

    /// The value of a header (case-insensitive name).
    func header(_ name: String) -> String? {
        guard let fieldName = HTTPField.Name(name) else { return nil }
        return headers[fieldName]
    }

    /// Collects the body, answering 413 in the provider's shape when it exceeds `limit` bytes.
    mutating func body(limit: Int, tooLargeMessage: String) async throws -> [UInt8] {
        if let declared = header("content-length").flatMap(Int.init), declared > limit {
            throw APIFailure.tooLarge(tooLargeMessage)
        }
        do {
            let buffer = try await raw.body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw APIFailure.tooLarge(tooLargeMessage)
        }
    }

    /// Collects and parses a JSON body.
    mutating func jsonBody(limit: Int, tooLargeMessage: String) async throws -> JSONValue {
        let bytes = try await body(limit: limit, tooLargeMessage: tooLargeMessage)
        guard !bytes.isEmpty else { throw APIFailure.invalidRequest("The request body is empty; a JSON body is required.") }
        do {
            return try JSONValue.parse(bytes)
        } catch {
            throw APIFailure.invalidRequest("The request body is not valid JSON: \(error)")
        }
    }
}
