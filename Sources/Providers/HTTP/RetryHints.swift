import Foundation
import NIOHTTP1

/// The retry headers the official SDKs honour (providers.md §1.7, §2.7).
enum RetryHints {
    /// `retry-after-ms` (milliseconds, fractional allowed) wins over `retry-after` (seconds or an
    /// HTTP date).
    static func retryAfter(_ headers: HTTPHeaders, now: Date = Date()) -> Duration? {
        if let raw = headers.first(name: "retry-after-ms"), let ms = Double(raw.trimmingCharacters(in: .whitespaces)),
            ms >= 0
        {
            return .milliseconds(Int64(ms.rounded(.up)))
        }
        guard let raw = headers.first(name: "retry-after")?.trimmingCharacters(in: .whitespaces) else {
            return nil
        }
        if let seconds = Double(raw), seconds >= 0 {
            return .milliseconds(Int64((seconds * 1000).rounded(.up)))
        }
        if let date = Self.httpDate(raw) {
            let seconds = max(0, date.timeIntervalSince(now))
            return .milliseconds(Int64((seconds * 1000).rounded(.up)))
        }
        return nil
    }

    /// `x-should-retry: true|false` overrides the status-based decision.
    static func shouldRetry(_ headers: HTTPHeaders) -> Bool? {
        switch headers.first(name: "x-should-retry")?.lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }

    /// The provider's request id: `request-id` (Anthropic), `x-request-id` (OpenAI and others).
    static func requestID(_ headers: HTTPHeaders) -> String? {
        headers.first(name: "request-id") ?? headers.first(name: "x-request-id")
            ?? headers.first(name: "x-goog-request-id")
    }

    /// IMF-fixdate, e.g. `Wed, 21 Oct 2015 07:28:00 GMT`.
    private static func httpDate(_ raw: String) -> Date? {
        let parts = raw.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT" else { return nil }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard let day = Int(parts[1]), let monthIndex = months.firstIndex(of: String(parts[2])),
            let year = Int(parts[3])
        else { return nil }
        let time = parts[4].split(separator: ":").compactMap { Int($0) }
        guard time.count == 3 else { return nil }
        var components = DateComponents()
        components.calendar = Calendar(identifier: .gregorian)
        components.timeZone = TimeZone(identifier: "GMT")
        components.year = year
        components.month = monthIndex + 1
        components.day = day
        components.hour = time[0]
        components.minute = time[1]
        components.second = time[2]
        return components.date
    }
}
