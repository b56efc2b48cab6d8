internal import Dispatch
package import Foundation
internal import GRDB
package import Logging

/// Sluice's durable state: the request journal, provider batches and their items, attempts, the
/// exactly-once cost ledger, the outbox, the response cache and provider prompt-cache state, all in
/// one SQLite database (WAL) behind one GRDB `DatabasePool`.
///
/// Every state change that must survive a crash together happens in one transaction (a journal
/// group, a planned batch with its items, a result chunk with its ledger rows and outbox records),
/// so that after a crash at any point the pipeline restarts from this store alone. Times are Unix
/// milliseconds passed in by the caller, which keeps the store deterministic under test.
///
/// - Important: Open one store per data directory for the whole life of the process (GRDB's rule
///   one); every method is `async` and runs on GRDB's own serial queues, never on the cooperative
///   pool.
package final class StateStore: Sendable {
    /// The file name of the database inside the data directory (`-wal` and `-shm` sit beside it).
    package static let databaseFileName = "sluice.sqlite"

    let pool: DatabasePool
    let logger: Logger
    /// The data directory this store was opened in.
    package let directory: URL
    /// The durability it was opened with.
    package let durability: Durability

    private init(pool: DatabasePool, logger: Logger, directory: URL, durability: Durability) {
        self.pool = pool
        self.logger = logger
        self.directory = directory
        self.durability = durability
    }

    /// Opens (creating if needed) the store in `directory` and brings its schema up to date.
    ///
    /// The database is WAL-mode with a 5 s busy timeout (an operator's `sqlite3` shell may hold a
    /// lock for a moment), IMMEDIATE write transactions, and foreign keys on.
    ///
    /// - Parameters:
    ///   - directory: The data directory; created with its parents when missing. Keep it on a
    ///     persistent volume: it is the instance's whole memory.
    ///   - logger: Where the store logs (info and below).
    ///   - durability: `.full` (the default) fsyncs the WAL on every commit, so a committed journal
    ///     group survives power loss before its Kafka offsets are stored; `.normal` survives
    ///     process crashes but may lose the last commits on power loss.
    ///   - pageLimit: When set, SQLite's `max_page_count` on the writer: the database cannot grow
    ///     past this many pages and a write that needs more fails as a full disk
    ///     (``StateStoreError/isDiskFull``). For tests of the disk-full path; `nil` (no cap) in
    ///     production. See ``setPageLimit(_:)``.
    /// - Returns: The open store.
    /// - Throws: ``StateStoreError`` when the directory cannot be created or SQLite fails.
    /// - Important: The directory is created 0700 and the database files 0600 whatever the umask;
    ///   looser modes found on an existing directory or file are tightened (and logged).
    package static func open(
        directory: URL, logger: Logger, durability: Durability = .full, pageLimit: Int? = nil
    ) async throws -> StateStore {
        // Opening a pool and migrating are blocking file I/O: keep them off the cooperative pool.
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<StateStore, any Error>) in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(
                    with: Result {
                        try openBlocking(directory: directory, logger: logger, durability: durability, pageLimit: pageLimit)
                    })
            }
        }
    }

    /// The page size of a new database file.
    static let pageSize = 8192

    private static func openBlocking(
        directory: URL, logger: Logger, durability: Durability, pageLimit: Int?
    ) throws -> StateStore {
        try prepareDataDirectory(directory, logger: logger)
        var configuration = Configuration()
        configuration.label = "sluice.state"
        configuration.busyMode = .timeout(5)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // A journal row carries the record and its rendered request (4-5 KB for a 2 KB
            // event): with SQLite's default 4 KB pages every row spills into an overflow page, and
            // every page is one write to the WAL and one more at checkpoint. 8 KB pages hold a row
            // each; larger ones cost more per index page touched as the tables grow (16 KB measured
            // no faster). It takes effect only when a database is created (before WAL is enabled);
            // older files keep theirs.
            try db.execute(sql: "PRAGMA page_size = \(pageSize)")
            // Statement journals (a statement that fires triggers or may fail half-way keeps the
            // pages it touches, to undo itself) stay in memory: on disk they were a write per
            // page touched by every journal insert, more writes than the WAL itself.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        let path = directory.appendingPathComponent(databaseFileName).path
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB sets `synchronous = NORMAL` on the writer when it enables WAL, after
            // `prepareDatabase` runs, so the chosen level is applied here, on the one writer.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = \(durability.pragmaValue)")
                // Per connection, not stored in the file: only the writer ever grows the database.
                if let pageLimit { try db.execute(sql: "PRAGMA max_page_count = \(max(1, pageLimit))") }
            }
            try tightenDatabaseFiles(in: directory, logger: logger)
            let migrator = Self.migrator
            let pending = try pool.read { db in try migrator.appliedIdentifiers(db) }
            try migrator.migrate(pool)
            let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
            logger.info(
                "State store opened",
                metadata: [
                    StateStoreLoggingKeys.path: "\(path)",
                    StateStoreLoggingKeys.durability: "\(durability)",
                    StateStoreLoggingKeys.migrationsApplied: "\(applied.count - pending.count)",
                ])
            return StateStore(pool: pool, logger: logger, directory: directory, durability: durability)
        } catch let error as DatabaseError {
            throw StateStoreError.database(error, operation: "open \(path)")
        }
    }

    /// Closes the database connections; every later call fails. Waits for accesses in progress.
    ///
    /// A store that is simply dropped closes too; this is for an orderly shutdown that wants to know
    /// the database file was released.
    package func close() async throws {
        let pool = self.pool
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(
                    with: Result {
                        do { try pool.close() } catch let error as DatabaseError {
                            throw StateStoreError.database(error, operation: "close")
                        }
                    })
            }
        }
        logger.info("State store closed", metadata: [StateStoreLoggingKeys.path: "\(directory.path)"])
    }

    /// Caps (or, with a larger value, uncaps) how many pages the database may grow to, as
    /// `pageLimit` at ``open(directory:logger:durability:pageLimit:)`` does; SQLite never sets the
    /// cap below the current size.
    ///
    /// - Parameter pages: The new cap; `nil` for SQLite's own maximum.
    /// - Returns: The cap in force.
    @discardableResult
    package func setPageLimit(_ pages: Int?) async throws -> Int {
        try await writeWithoutTransaction("set page limit") { db in
            try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(pages.map { max(1, $0) } ?? 4_294_967_294)") ?? 0
        }
    }

    /// How many pages the database file holds now (free ones included).
    package func pageCount() async throws -> Int {
        try await read("page count") { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
    }

    /// The durability the writer connection actually runs with (read back from SQLite).
    package func currentDurability() async throws -> Durability {
        try await write("read synchronous") { db in
            let value = try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
            guard let durability = Durability(pragmaValue: value) else {
                throw StateStoreError.storage("unexpected PRAGMA synchronous = \(value)")
            }
            return durability
        }
    }

    // MARK: - Access

    /// Runs `updates` in one IMMEDIATE transaction on the writer, mapping SQLite errors.
    func write<T: Sendable>(
        _ operation: String, _ updates: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        do {
            return try await pool.write(updates)
        } catch let error as DatabaseError {
            let mapped = StateStoreError.database(error, operation: operation)
            logger.debug("State store write failed", metadata: [StateStoreLoggingKeys.error: "\(mapped)"])
            throw mapped
        }
    }

    /// Runs `updates` on the writer outside a transaction (pragmas), mapping SQLite errors.
    func writeWithoutTransaction<T: Sendable>(
        _ operation: String, _ updates: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        do {
            return try await pool.writeWithoutTransaction(updates)
        } catch let error as DatabaseError {
            throw StateStoreError.database(error, operation: operation)
        }
    }

    /// Runs `value` on a reader connection (a consistent snapshot), mapping SQLite errors.
    func read<T: Sendable>(
        _ operation: String, _ value: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        do {
            return try await pool.read(value)
        } catch let error as DatabaseError {
            let mapped = StateStoreError.database(error, operation: operation)
            logger.debug("State store read failed", metadata: [StateStoreLoggingKeys.error: "\(mapped)"])
            throw mapped
        }
    }
}
