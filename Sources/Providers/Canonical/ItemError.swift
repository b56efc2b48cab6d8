/// Why one request inside a batch failed, as the provider reported it.
package struct ItemError: Hashable, Sendable, Codable {
    /// The provider's error type or code (`invalid_request_error`, `batch_expired`, `INTERNAL`, ...).
    package var type: String
    package var message: String
    /// The HTTP status the provider gave the request, where it gives one (OpenAI).
    package var httpStatus: Int?
    package var category: ProviderError.Category

    package init(type: String, message: String, httpStatus: Int? = nil, category: ProviderError.Category) {
        self.type = type
        self.message = message
        self.httpStatus = httpStatus
        self.category = category
    }

    /// Whether resubmitting the same request can succeed (Anthropic: anything but
    /// `invalid_request_error`; OpenAI: no 4xx but 408/409/429; Gemini: transient codes).
    package var isRetriable: Bool { self.category.isRetriable }

    private enum CodingKeys: String, CodingKey {
        case type, message
        case httpStatus = "http_status"
        case category
    }
}
