import Foundation
import NIOHTTP1
import Testing

@testable import Providers

@Suite("Retry policy and error classification", .timeLimit(.minutes(1)))
struct RetryAndClassificationTests {
    @Test func backoffIsExponentialCappedAndFullyJittered() {
        let policy = RetryPolicy(maxAttempts: 10, initialBackoff: .milliseconds(500), maxBackoff: .seconds(8))
        #expect(policy.backoffCeiling(afterAttempt: 1) == .milliseconds(500))
        #expect(policy.backoffCeiling(afterAttempt: 2) == .seconds(1))
        #expect(policy.backoffCeiling(afterAttempt: 4) == .seconds(4))
        #expect(policy.backoffCeiling(afterAttempt: 6) == .seconds(8))
        #expect(policy.backoffCeiling(afterAttempt: 60) == .seconds(8))
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, unit: 0) == .zero)
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, unit: 0.5) == .seconds(1))
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, unit: 0.999) < .seconds(2))
        #expect(policy.delay(afterAttempt: 3, retryAfter: .seconds(7), unit: 0.1) == .seconds(7))
    }

    @Test func retriesAreBoundedByAttemptsHintAndBudget() {
        let policy = RetryPolicy(maxAttempts: 3, maxRetryAfter: .seconds(30), maxTotalDuration: .seconds(10))
        #expect(policy.allowsRetry(afterAttempt: 1, delay: .seconds(1), retryAfter: nil, elapsed: .zero))
        #expect(!policy.allowsRetry(afterAttempt: 3, delay: .seconds(1), retryAfter: nil, elapsed: .zero))
        #expect(!policy.allowsRetry(afterAttempt: 1, delay: .seconds(31), retryAfter: .seconds(31), elapsed: .zero))
        #expect(!policy.allowsRetry(afterAttempt: 1, delay: .seconds(3), retryAfter: nil, elapsed: .seconds(8)))
        #expect(!RetryPolicy.none.allowsRetry(afterAttempt: 1, delay: .zero, retryAfter: nil, elapsed: .zero))
    }

    @Test func retryHeadersAreRead() {
        #expect(RetryHints.retryAfter(["retry-after-ms": "1500", "retry-after": "9"]) == .milliseconds(1500))
        #expect(RetryHints.retryAfter(["retry-after": "2"]) == .seconds(2))
        #expect(RetryHints.retryAfter(["retry-after": "0.25"]) == .milliseconds(250))
        let now = Date(timeIntervalSince1970: 1_445_412_470)  // Wed, 21 Oct 2015 07:27:50 GMT
        #expect(RetryHints.retryAfter(["retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"], now: now) == .seconds(10))
        #expect(RetryHints.retryAfter(["retry-after": "soon"]) == nil)
        #expect(RetryHints.retryAfter([:]) == nil)
        #expect(RetryHints.shouldRetry(["x-should-retry": "true"]) == true)
        #expect(RetryHints.shouldRetry(["x-should-retry": "FALSE"]) == false)
        #expect(RetryHints.shouldRetry([:]) == nil)
        #expect(RetryHints.requestID(["request-id": "req_1"]) == "req_1")
        #expect(RetryHints.requestID(["x-request-id": "req_2"]) == "req_2")
    }

    typealias Category = ProviderError.Category

    @Test(arguments: [
        (Provider.anthropic, 400, "invalid_request_error", "bad", ProviderOperation.other, Category.fixRequest),
        (.anthropic, 400, "invalid_request_error", "Your credit balance is too low", .other, .fatal),
        (.anthropic, 401, "authentication_error", "", .other, .fatal),
        (.anthropic, 402, "billing_error", "", .other, .fatal),
        (.anthropic, 403, "permission_error", "", .other, .fatal),
        (.anthropic, 404, "not_found_error", "", .other, .fixRequest),
        (.anthropic, 408, nil, "", .other, .retry),
        (.anthropic, 409, nil, "", .other, .retry),
        (.anthropic, 413, "request_too_large", "", .other, .fixRequest),
        (.anthropic, 429, "rate_limit_error", "slow down", .other, .retry),
        (.anthropic, 429, "rate_limit_error", "too many batch requests in queue", .batchCreate, .queueFull),
        (.anthropic, 500, "api_error", "", .other, .retry),
        (.anthropic, 529, "overloaded_error", "", .other, .retry),
        (.openai, 429, "rate_limit_exceeded", "", .other, .retry),
        (.openai, 429, "insufficient_quota", "You exceeded your current quota", .other, .fatal),
        (.openai, 503, "server_is_overloaded", "", .other, .retry),
        (.gemini, 400, "INVALID_ARGUMENT", "", .other, .fixRequest),
        (.gemini, 400, "FAILED_PRECONDITION", "enable billing", .other, .fatal),
        (.gemini, 403, "PERMISSION_DENIED", "", .other, .fatal),
        (.gemini, 429, "RESOURCE_EXHAUSTED", "quota", .other, .retry),
        (.gemini, 429, "RESOURCE_EXHAUSTED", "enqueued tokens limit", .batchCreate, .queueFull),
        (.gemini, 504, "DEADLINE_EXCEEDED", "", .other, .retry),
    ] as [(Provider, Int, String?, String, ProviderOperation, Category)])
    func statusesClassifyAsDocumented(provider: Provider, status: Int, type: String?, message: String, operation: ProviderOperation, expected: Category) {
        let category = Category.classify(provider: provider, status: status, errorType: type, message: message, shouldRetry: nil, operation: operation)
        #expect(category == expected, "\(provider) \(status) \(type ?? "-")")
    }

    @Test func shouldRetryHeaderOverridesStatus() {
        #expect(Category.classify(provider: .anthropic, status: 400, errorType: nil, message: "", shouldRetry: true, operation: .other) == .retry)
        #expect(Category.classify(provider: .anthropic, status: 503, errorType: nil, message: "", shouldRetry: false, operation: .other) == .fatal)
        #expect(Category.classify(provider: .anthropic, status: 404, errorType: nil, message: "", shouldRetry: false, operation: .other) == .fixRequest)
    }

    @Test func categoriesDecideRetriability() {
        #expect(Category.retry.isRetriable)
        #expect(Category.queueFull.isRetriable)
        #expect(!Category.fixRequest.isRetriable)
        #expect(!Category.fatal.isRetriable)
        let error = ProviderError.http(provider: .openai, status: 429, errorType: "rate_limit_exceeded", message: "m", requestID: "req_1", retryAfter: .seconds(2))
        #expect(error.isRetriable && error.isHTTPError && error.httpStatus == 429 && error.requestID == "req_1")
        #expect("\(error)".contains("status: 429") && "\(error)".contains("req_1"))
    }
}
