/// What a model's recent fan-outs showed of keys that carried more requests than OpenAI's
/// routing serves from one machine.
package struct CacheRouteOverflow: Sendable, Hashable {
    /// Keys counted.
    package var keys: Int
    /// Requests of theirs that read nothing.
    package var misses: Int

    package init(keys: Int, misses: Int) {
        self.keys = keys
        self.misses = misses
    }
}
