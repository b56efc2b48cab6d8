import Foundation
import Logging

/// Parsers shared by YAML values and environment variables, so `SLUICE_BATCH_MAX_WAIT=2.5` and
/// `max_wait: 2.5` accept exactly the same text and fail with the same message.
enum ConfigValue {
    /// Words that switch an optional setting off.
    static let offWords: Set<String> = ["off", "none", "disabled", "false", "null", "~", ""]

    static func isOff(_ text: String) -> Bool {
        offWords.contains(text.trimmingCharacters(in: .whitespaces).lowercased())
    }

    static let durationHelp = "a duration in seconds (decimals allowed, e.g. 2.5) or with a unit: 250ms, 30s, 5m, 1h, 1d"

    /// Seconds (`2.5`) or a number with a unit (`250ms`, `30s`, `5m`, `1h`, `1d`); must be positive.
    static func duration(_ text: String, key: String) throws(SluiceConfigurationError) -> Duration {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3_600), ("d", 86_400)]
        var number = Substring(trimmed)
        var scale = 1.0
        for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
            number = trimmed.dropLast(suffix.count)
            scale = factor
            break
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isNumber || $0 == "." }),
              let value = Double(number), value.isFinite, value > 0, value * scale <= 365 * 86_400
        else {
            throw .invalid(key, text, expected: durationHelp + ", more than zero and at most a year")
        }
        return .milliseconds(Int64((value * scale * 1_000).rounded()))
    }

    /// ``duration(_:key:)``, or `nil` for an off word.
    static func optionalDuration(_ text: String, key: String) throws(SluiceConfigurationError) -> Duration? {
        isOff(text) ? nil : try duration(text, key: key)
    }

    /// A whole number in `range` (underscores allowed as separators, as in YAML 1.1).
    static func integer(_ text: String, key: String, in range: ClosedRange<Int>) throws(SluiceConfigurationError) -> Int {
        let digits = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
        guard let value = Int(digits), range.contains(value) else {
            let upper = range.upperBound == Int.max ? "" : " and at most \(range.upperBound)"
            throw .invalid(key, text, expected: "a whole number of at least \(range.lowerBound)\(upper)")
        }
        return value
    }

    /// A fraction between 0 and 1 inclusive.
    static func ratio(_ text: String, key: String) throws(SluiceConfigurationError) -> Double {
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), (0...1).contains(value) else {
            throw .invalid(key, text, expected: "a fraction between 0 and 1, e.g. 0.05")
        }
        return value
    }

    static func boolean(_ text: String, key: String) throws(SluiceConfigurationError) -> Bool {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw .invalid(key, text, expected: "true or false")
        }
    }

    static func logLevel(_ text: String, key: String) throws(SluiceConfigurationError) -> Logger.Level {
        guard let level = Logger.Level(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw .invalid(key, text, expected: Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return level
    }

    /// A non-empty value without surrounding whitespace or control characters.
    static func nonEmpty(_ text: String, key: String) throws(SluiceConfigurationError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw .invalid(key, text, expected: "a non-empty value without control characters")
        }
        return trimmed
    }

    /// A Kafka topic name: 1 to 249 of letters, digits, `.`, `_` and `-`, not `.` or `..`.
    static func topicName(_ text: String, key: String) throws(SluiceConfigurationError) -> String {
        let name = text.trimmingCharacters(in: .whitespaces)
        let allowed = name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)
        }
        guard allowed, (1...249).contains(name.count), name != ".", name != ".." else {
            throw .invalid(key, text, expected: "a Kafka topic name (1 to 249 letters, digits, '.', '_' or '-')")
        }
        return name
    }

    /// A file path; relative paths are taken from `base` (the config file's folder, or the working directory).
    static func path(_ text: String, key: String, relativeTo base: URL) throws(SluiceConfigurationError) -> URL {
        let trimmed = try nonEmpty(text, key: key)
        let expanded = (trimmed as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return URL(fileURLWithPath: expanded).standardizedFileURL }
        return base.appendingPathComponent(expanded).standardizedFileURL
    }
}
