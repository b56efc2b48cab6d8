package import Foundation

extension SluiceConfiguration {
    /// The file in the data directory that keeps a generated group instance id.
    package var groupInstanceIDFile: URL { dataDirectory.appendingPathComponent("group-instance-id") }

    /// The `group.instance.id` to join with: ``Kafka/groupInstanceID`` when set, else the one kept in
    /// `<data dir>/group-instance-id`, generated (host name plus random suffix) and written there
    /// the first time. Keeping it with the data directory ties the identity to the instance's state,
    /// so a restart on the same volume takes its partitions straight back (DESIGN §4).
    ///
    /// Small synchronous file I/O: call it at startup, not from a hot async path.
    /// - Throws: ``SluiceConfigurationError`` when the file cannot be read or written, or holds an
    ///   invalid id (it is never silently replaced: a new id would be a new member).
    package func resolvedGroupInstanceID() throws -> String {
        if let id = kafka.groupInstanceID { return id }
        let file = groupInstanceIDFile
        let key = "group instance id file \(file.path)"
        if FileManager.default.fileExists(atPath: file.path) {
            let text: String
            do {
                text = try String(contentsOf: file, encoding: .utf8)
            } catch {
                throw SluiceConfigurationError(.unreadableFile, key: key, "cannot be read: \(error.localizedDescription)")
            }
            return try Self.groupInstanceID(text, key: key)
        }
        let id = Self.generateGroupInstanceID(hostName: ProcessInfo.processInfo.hostName)
        do {
            // Private like the state store's own (which tightens it again at open).
            try FileManager.default.createDirectory(
                at: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try Data((id + "\n").utf8).write(to: file, options: .atomic)
        } catch {
            throw SluiceConfigurationError(.unreadableFile, key: key, "cannot be written: \(error.localizedDescription)")
        }
        return id
    }

    /// `sluice-<host>-<8 hex>`: the host part helps people find the instance; the random part keeps two
    /// instances on one host (or with copied host names) apart.
    static func generateGroupInstanceID(hostName: String) -> String {
        let host = String(
            hostName.unicodeScalars.map { scalar -> Character in
                let allowed = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-"
                return allowed ? Character(scalar) : "-"
            }.prefix(64))
        let suffix = String(UInt32.random(in: .min ... .max), radix: 16).leftPadded(to: 8)
        return host.isEmpty ? "sluice-\(suffix)" : "sluice-\(host)-\(suffix)"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
