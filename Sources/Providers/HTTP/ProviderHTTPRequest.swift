import NIOCore
import NIOHTTP1

/// One HTTP call as the transport sees it: enough to send it again on retry.
struct ProviderHTTPRequest: Sendable {
    var method: HTTPMethod
    /// Absolute URL.
    var url: String
    var headers: HTTPHeaders
    var body: ByteBuffer?
    /// Whether the transport may retry this call on its own.
    var retriable: Bool
    var operation: ProviderOperation
    /// Head deadline for this call.
    var timeout: Duration
    /// What the call does, for logs (`"create batch"`); never carries secrets.
    var label: String

    init(
        method: HTTPMethod,
        url: String,
        headers: HTTPHeaders = [:],
        body: ByteBuffer? = nil,
        retriable: Bool = true,
        operation: ProviderOperation = .other,
        timeout: Duration,
        label: String
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.retriable = retriable
        self.operation = operation
        self.timeout = timeout
        self.label = label
    }
}

/// A collected response.
struct ProviderHTTPResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: ByteBuffer

    var requestID: String? { RetryHints.requestID(self.headers) }
}
