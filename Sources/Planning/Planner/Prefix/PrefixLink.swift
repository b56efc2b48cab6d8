/// One block of a request's cacheable chain, in the providers' cache order (tools → system →
/// messages), with what a breakpoint after it would cover.
///
/// The chain hash names everything up to and including this block, the way a provider's cache
/// entry does: two requests whose chains reach the same hash can share one entry there, whatever
/// bucket they wait in.
package struct PrefixLink: Sendable, Hashable {
    /// Where the block sits; a breakpoint after it goes here.
    let slot: CacheSlot
    /// The chain hash up to and including this block (16 hex digits, the renderer's prefix-group
    /// form: the link at the end of a bucket's shared part hashes to its prefix group).
    package var hash: String
    /// Characters from the start of the prompt through this block.
    package var cumulativeCharacters: Int
}
