/// A provider API key that cannot be printed.
///
/// `description`, `debugDescription` and the reflection mirror all hide the value, so the key
/// cannot reach a log line, an error or `dump` by accident; only the transport reads it, to set
/// the auth header.
package struct APIKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let value: String

    package init(_ value: String) {
        self.value = value
    }

    package var isEmpty: Bool { self.value.isEmpty }

    package var description: String { "APIKey(redacted)" }
    package var debugDescription: String { "APIKey(redacted)" }
    package var customMirror: Mirror { Mirror(self, children: [:], displayStyle: .struct) }
}
