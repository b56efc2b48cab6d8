import HTTPTypes
import Hummingbird

/// Builds responses.
enum Reply {
    /// A JSON response.
    static func json(
        _ value: JSONValue,
        status: HTTPResponse.Status = .ok,
        headers extra: [(String, String)] = []
    ) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        for (name, value) in extra {
            if let fieldName = HTTPField.Name(name) { headers.append(HTTPField(name: fieldName, value: value)) }
        }
        let bytes = value.serialized()
        var buffer = ByteBuffer()
        buffer.writeBytes(bytes)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: buffer))
    }

    /// An empty response with headers.
    static func empty(status: HTTPResponse.Status = .ok, headers extra: [(String, String)] = []) -> Response {
        var headers = HTTPFields()
        for (name, value) in extra {
            if let fieldName = HTTPField.Name(name) { headers.append(HTTPField(name: fieldName, value: value)) }
        }
        headers[.contentLength] = "0"
        return Response(status: status, headers: headers, body: ResponseBody())
    }

    /// Adds headers to a response.
    static func adding(_ extra: [(String, String)], to response: Response) -> Response {
        var response = response
        for (name, value) in extra {
            if let fieldName = HTTPField.Name(name) { response.headers[fieldName] = value }
        }
        return response
    }
}
