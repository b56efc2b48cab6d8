import NIOCore

/// A `multipart/form-data` body (RFC 7578) with text fields and one file, as the OpenAI Files API
/// takes it.
struct MultipartForm: Sendable {
    let boundary: String
    private(set) var body = ByteBuffer()

    init(boundary: String = "sluice-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)) {
        self.boundary = boundary
    }

    var contentType: String { "multipart/form-data; boundary=\(self.boundary)" }

    mutating func addField(_ name: String, _ value: String) {
        self.body.writeString("--\(self.boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
    }

    mutating func addFile(_ name: String, filename: String, contentType: String, data: ByteBuffer) {
        self.body.writeString(
            "--\(self.boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\n"
                + "Content-Type: \(contentType)\r\n\r\n"
        )
        var data = data
        self.body.writeBuffer(&data)
        self.body.writeString("\r\n")
    }

    /// The body with its closing delimiter.
    func finished() -> ByteBuffer {
        var body = self.body
        body.writeString("--\(self.boundary)--\r\n")
        return body
    }
}
