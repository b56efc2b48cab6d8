package import Foundation

/// A time-of-day window in UTC, such as a nightly slot for low-priority work. It may wrap past
/// midnight (`22:00–04:00`).
package struct DailyWindow: Sendable, Hashable, CustomStringConvertible {
    /// Minutes after midnight UTC, 0..<1440.
    package let startMinute: Int
    /// Minutes after midnight UTC, 0..<1440; equal to `startMinute` means all day.
    package let endMinute: Int

    package init(startMinute: Int, endMinute: Int) {
        precondition((0..<1440).contains(startMinute) && (0..<1440).contains(endMinute), "minutes of the day")
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// Parses `HH:MM-HH:MM` (UTC), the form the configuration uses.
    package init?(parsing text: String) {
        let parts = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let start = Self.minute(parts[0]), let end = Self.minute(parts[1]) else { return nil }
        self.init(startMinute: start, endMinute: end)
    }

    private static func minute(_ text: String) -> Int? {
        let fields = text.split(separator: ":")
        guard fields.count == 2, let hour = Int(fields[0]), let minute = Int(fields[1]),
              (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        return hour * 60 + minute
    }

    package var description: String {
        String(format: "%02d:%02d-%02d:%02d UTC", startMinute / 60, startMinute % 60, endMinute / 60, endMinute % 60)
    }

    /// Whether `date` falls inside the window.
    package func contains(_ date: Date) -> Bool {
        let minute = Self.minuteOfDay(date)
        if startMinute == endMinute { return true }
        if startMinute < endMinute { return minute >= startMinute && minute < endMinute }
        return minute >= startMinute || minute < endMinute
    }

    /// The first instant at or after `date` inside the window.
    package func nextOpening(atOrAfter date: Date) -> Date {
        if contains(date) { return date }
        let secondsIntoDay = Int(date.timeIntervalSince1970.rounded(.down)) % 86_400
        let startSecond = startMinute * 60
        var wait = startSecond - secondsIntoDay
        if wait <= 0 { wait += 86_400 }
        return Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down) + Double(wait))
    }

    private static func minuteOfDay(_ date: Date) -> Int {
        (Int(date.timeIntervalSince1970.rounded(.down)) % 86_400 + 86_400) % 86_400 / 60
    }
}
