import Foundation
import HTTPTypes
import Hummingbird

/// Builds the admin API's responses.
enum AdminReply {
    /// `value` as sorted-key JSON (stable bytes, easy to diff between scrapes).
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return bytes(Array(try encoder.encode(value)), contentType: "application/json", status: status)
        } catch {
            // Only a non-finite Double can fail, and the documents filter those out; answer
            // something valid anyway rather than an empty 500.
            return bytes(
                Array(#"{"error":{"code":"internal_error","message":"response encoding failed"}}"#.utf8),
                contentType: "application/json", status: .internalServerError)
        }
    }

    /// The error body `{"error": {"code", "message", "parameter"?}}` with its status.
    static func error(_ error: AdminRequestError) -> Response {
        json(["error": error.body], status: error.status)
    }

    /// Raw bytes with a content type.
    static func bytes(_ bytes: [UInt8], contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
