import Foundation
import NIOCore
import NIOFoundationCompat

/// The error envelope of the three providers, read leniently:
/// Anthropic `{"error": {"type", "message"}}`, OpenAI `{"error": {"message", "type", "code"}}`,
/// Gemini `{"error": {"code": 429, "message", "status"}}`.
struct ErrorBody: Sendable {
    /// The most specific type: Gemini `status`, else OpenAI `code` when a string, else `type`.
    var type: String?
    var message: String?

    static func parse(_ buffer: ByteBuffer) -> ErrorBody {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: buffer),
            case .object(let root) = value
        else { return ErrorBody(type: nil, message: nil) }
        guard case .object(let error)? = root["error"] else {
            if case .string(let message)? = root["message"] {
                return ErrorBody(type: nil, message: message)
            }
            return ErrorBody(type: nil, message: nil)
        }
        return Self.from(error)
    }

    static func from(_ error: [String: JSONValue]) -> ErrorBody {
        var type: String?
        if case .string(let status)? = error["status"] {
            type = status
        } else if case .string(let code)? = error["code"] {
            type = code
        } else if case .string(let kind)? = error["type"] {
            type = kind
        }
        var message: String?
        if case .string(let text)? = error["message"] {
            message = text
        }
        return ErrorBody(type: type, message: message)
    }
}
