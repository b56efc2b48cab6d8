/// The kind of call an HTTP error came from; the same status can mean different things
/// (a 429 on batch creation is usually a full queue, elsewhere a rate limit).
package enum ProviderOperation: Sendable, Hashable {
    case batchCreate
    case other
}
