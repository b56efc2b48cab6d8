/// Matches path segments against a pattern where `*` captures one segment.
enum RouteMatch {
    /// The captured segments when `segments` fits `pattern`, else `nil`.
    static func match(_ segments: some Collection<String>, _ pattern: String...) -> [String]? {
        guard segments.count == pattern.count else { return nil }
        var captures: [String] = []
        for (segment, expected) in zip(segments, pattern) {
            if expected == "*" {
                captures.append(segment)
            } else if segment != expected {
                return nil
            }
        }
        return captures
    }
}
