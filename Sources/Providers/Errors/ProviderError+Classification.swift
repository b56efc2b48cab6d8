extension ProviderError.Category {
    /// Classifies an HTTP failure following providers.md §1.7, §2.7, §3.7 and §5.
    ///
    /// - `x-should-retry` overrides the status, as in the official SDKs: `true` means retry,
    ///   `false` means retrying is pointless (a human must look: fatal).
    /// - 401/402/403 and billing signals (`insufficient_quota`, Gemini `FAILED_PRECONDITION`,
    ///   "credit balance is too low") are fatal.
    /// - 408, 409, 429 and 5xx (529 included) are retriable; a 429 on batch creation that names the
    ///   queue or enqueued tokens is a full queue.
    package static func classify(
        provider: Provider,
        status: Int,
        errorType: String?,
        message: String,
        shouldRetry: Bool?,
        operation: ProviderOperation
    ) -> ProviderError.Category {
        let base = self.classifyStatus(
            provider: provider,
            status: status,
            errorType: errorType,
            message: message,
            operation: operation
        )
        switch shouldRetry {
        case true?: return base == .queueFull ? .queueFull : .retry
        case false?: return base.isRetriable ? .fatal : base
        case nil: return base
        }
    }

    private static func classifyStatus(
        provider: Provider,
        status: Int,
        errorType: String?,
        message: String,
        operation: ProviderOperation
    ) -> ProviderError.Category {
        let lowered = message.lowercased()
        let billing =
            errorType == "insufficient_quota" || errorType == "billing_error"
            || errorType == "FAILED_PRECONDITION" || lowered.contains("credit balance")
        if billing { return .fatal }
        switch status {
        case 401, 402, 403:
            return .fatal
        case 408, 409:
            return .retry
        case 429:
            if operation == .batchCreate
                && (lowered.contains("queue") || lowered.contains("enqueued") || errorType == "token_limit_exceeded")
            {
                return .queueFull
            }
            return .retry
        case 500...599:
            return .retry
        default:
            return .fixRequest
        }
    }
}
