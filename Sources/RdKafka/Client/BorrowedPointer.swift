/// A librdkafka pointer that may be kept in a mutex's state or cross threads, without owning
/// what it points at.
///
/// `@unchecked Sendable` is safe because librdkafka's handle and topic APIs are thread-safe and
/// the pointer is only dereferenced inside a use of the ``RdKafkaHandle`` that owns its object
/// (or, for a topic handle, the client it belongs to), which keeps the object alive.
struct BorrowedPointer: @unchecked Sendable {
    let raw: OpaquePointer

    init(_ raw: OpaquePointer) {
        self.raw = raw
    }
}
