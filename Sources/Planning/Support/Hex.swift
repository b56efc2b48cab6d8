/// Lower-case hexadecimal text of bytes (digests, keys): written per byte into one buffer, since
/// `String(format:)` per byte costs more than the hash it prints, and the intake prints three
/// hashes per record.
package enum Hex {
    package static func string(_ bytes: some Sequence<UInt8>) -> String {
        let digits: StaticString = "0123456789abcdef"
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            utf8.append(digits.utf8Start[Int(byte >> 4)])
            utf8.append(digits.utf8Start[Int(byte & 0x0F)])
        }
        return String(decoding: utf8, as: UTF8.self)
    }
}
