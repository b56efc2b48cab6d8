/// A record header. Kafka allows repeated names and null values, so this is a list element, not a map entry.
public struct KafkaHeader: Sendable, Hashable {
    public var name: String
    public var value: [UInt8]?

    public init(name: String, value: [UInt8]?) {
        self.name = name
        self.value = value
    }

    /// A header whose value is the UTF-8 of `value`.
    public init(name: String, string value: String) {
        self.name = name
        self.value = Array(value.utf8)
    }

    /// The value decoded as UTF-8, if present.
    public var stringValue: String? { value.map { String(decoding: $0, as: UTF8.self) } }
}

extension Array where Element == KafkaHeader {
    /// The last value of the header `name` (Kafka's convention when a name repeats), as UTF-8.
    public func string(_ name: String) -> String? {
        last { $0.name == name }?.stringValue
    }
}
