import Foundation
internal import Logging

extension StateStore {
    /// Mode of the data directory: prompts, outputs and the ledger are for the service's user only.
    package static let directoryMode: Int16 = 0o700
    /// Mode of the database and its `-wal` and `-shm` files.
    package static let fileMode: Int16 = 0o600

    /// The database file and the two SQLite keeps beside it in WAL mode.
    static func databaseFiles(in directory: URL) -> [URL] {
        let database = directory.appendingPathComponent(databaseFileName)
        return [database, URL(fileURLWithPath: database.path + "-wal"), URL(fileURLWithPath: database.path + "-shm")]
    }

    /// Creates the data directory (0700) and an empty database file (0600) when missing, and
    /// tightens either when it exists with a looser mode, logging that it did.
    ///
    /// Modes are set explicitly, whatever the umask: SQLite creates its `-wal` and `-shm` with the
    /// database file's mode, so a database created 0600 before SQLite opens it keeps all three
    /// private from the start (``tightenDatabaseFiles(in:logger:)`` re-checks them after open).
    ///
    /// - Throws: ``StateStoreError`` (`storage`) when the directory or file cannot be created or
    ///   changed.
    static func prepareDataDirectory(_ directory: URL, logger: Logger) throws {
        let manager = FileManager.default
        do {
            if !manager.fileExists(atPath: directory.path) {
                try manager.createDirectory(
                    at: directory, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: NSNumber(value: directoryMode)])
            }
            try tighten(directory, to: directoryMode, logger: logger)
            let database = directory.appendingPathComponent(databaseFileName)
            if !manager.fileExists(atPath: database.path) {
                guard manager.createFile(atPath: database.path, contents: nil, attributes: [.posixPermissions: NSNumber(value: fileMode)]) else {
                    throw CocoaError(.fileWriteUnknown)
                }
            }
            try tighten(database, to: fileMode, logger: logger)
        } catch let error as StateStoreError {
            throw error
        } catch {
            throw StateStoreError.storage("cannot prepare data directory \(directory.path): \(error)")
        }
    }

    /// Tightens the database, `-wal` and `-shm` files that exist to 0600 (a database copied in, or
    /// created by an older version under a permissive umask).
    static func tightenDatabaseFiles(in directory: URL, logger: Logger) throws {
        do {
            for file in databaseFiles(in: directory) where FileManager.default.fileExists(atPath: file.path) {
                try tighten(file, to: fileMode, logger: logger)
            }
        } catch {
            throw StateStoreError.storage("cannot restrict the database files in \(directory.path): \(error)")
        }
    }

    /// Sets `mode` when the item grants anything beyond it (group or other bits, say).
    ///
    /// A change the process may not make (a volume's root owned by root, as Kubernetes mounts
    /// with `fsGroup` are) is logged and left alone rather than stopping the service: the files
    /// inside are still the service's own and private.
    private static func tighten(_ item: URL, to mode: Int16, logger: Logger) throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: item.path)
        let current = (attributes[.posixPermissions] as? NSNumber)?.int16Value ?? 0o777
        guard current & 0o777 & ~mode != 0 else { return }
        do {
            try FileManager.default.setAttributes([.posixPermissions: NSNumber(value: mode)], ofItemAtPath: item.path)
        } catch {
            logger.info(
                "Could not restrict the permissions of a state file; left as they are",
                metadata: [
                    StateStoreLoggingKeys.path: "\(item.path)",
                    StateStoreLoggingKeys.modeBefore: "\(String(current & 0o777, radix: 8))",
                    StateStoreLoggingKeys.error: "\(error)",
                ])
            return
        }
        logger.info(
            "Restricted the permissions of a state file",
            metadata: [
                StateStoreLoggingKeys.path: "\(item.path)",
                StateStoreLoggingKeys.modeBefore: "\(String(current & 0o777, radix: 8))",
                StateStoreLoggingKeys.modeAfter: "\(String(mode, radix: 8))",
            ])
    }
}
