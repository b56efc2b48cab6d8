extension String {
    /// Decodes a NUL-terminated `errstr` buffer that librdkafka filled in.
    init(errorBuffer buffer: [CChar]) {
        self = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
