/// An ordered JSON object: members stay in the order they were written or parsed, and a later
/// duplicate key replaces the earlier value the way common JSON parsers do.
package struct JSONObject: Sendable, Equatable {
    /// The members in order.
    package private(set) var members: [(key: String, value: JSONValue)]

    /// An empty object.
    package init() { self.members = [] }

    /// An object from ordered pairs.
    package init(_ pairs: [(String, JSONValue)]) {
        self.members = []
        self.members.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    /// The value for `key`; setting `nil` removes the member.
    package subscript(key: String) -> JSONValue? {
        get { members.first(where: { $0.key == key })?.value }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append((key, newValue))
            }
        }
    }

    /// The keys in order.
    package var keys: [String] { members.map(\.key) }

    /// The number of members.
    package var count: Int { members.count }

    package static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for (left, right) in zip(lhs.members, rhs.members) where left.key != right.key || left.value != right.value {
            return false
        }
        return true
    }
}
