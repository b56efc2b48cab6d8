internal import GRDB

extension StateStore {
    /// The schema, as an append-only list of migrations run at open.
    ///
    /// Never edit a registered migration: add a new one. Tables are STRICT so that a value of the
    /// wrong type (a dollar amount as a float, say) is refused instead of silently converted; money
    /// columns are TEXT holding exact decimals; times are INTEGER Unix milliseconds.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 journal, batches, attempts, ledger, outbox, caches") { db in
            try db.execute(sql: v1Schema)
        }
        migrator.registerMigration("v2 indexes for primers and alert windows") { db in
            // The accumulator asks for the latest primer of a bucket on every flush.
            try db.execute(sql: "CREATE INDEX batches_bucket_kind ON batches (bucket, kind, created_at)")
            // The alert rules read the recent window of attempts and ledger rows every pass.
            try db.execute(sql: "CREATE INDEX attempts_finished ON attempts (finished_at) WHERE finished_at IS NOT NULL")
            try db.execute(sql: "CREATE INDEX ledger_recorded ON ledger (recorded_at)")
        }
        migrator.registerMigration("v3 dedupe keys on requests") { db in
            // Identical requests share a key: one is sent, the others are answered from its
            // response. The accumulator asks which keys of a bucket are in flight on every flush.
            try db.execute(sql: "ALTER TABLE requests ADD COLUMN dedupe_key TEXT")
            try db.execute(
                sql: "CREATE INDEX requests_dedupe_in_flight ON requests (bucket, dedupe_key) WHERE status = 'planned'")
        }
        migrator.registerMigration("v4 index for token calibration") { db in
            // The accumulator reads a model's latest ledger rows to calibrate token estimates.
            try db.execute(sql: "CREATE INDEX ledger_model_recorded ON ledger (provider, model, recorded_at)")
        }
        migrator.registerMigration("v5 explicit caches serve one batch") { db in
            // A Gemini explicit cache is created for one local batch and deleted after it; its row
            // names the batch so the poller can extend and delete it, and the purge can tell a
            // leaked one from a live one.
            try db.execute(sql: "ALTER TABLE provider_caches ADD COLUMN batch_id TEXT")
            try db.execute(sql: "CREATE UNIQUE INDEX provider_caches_batch ON provider_caches (batch_id) WHERE batch_id IS NOT NULL")
        }
        migrator.registerMigration("v6 cache route samples") { db in
            // How each OpenAI `prompt_cache_key` of a finished batch fared (requests, and those
            // that read nothing): the evidence for how many requests an overflowing key loses.
            try db.execute(
                sql: """
                    CREATE TABLE cache_route_samples (
                        batch_id    TEXT NOT NULL,
                        cache_key   TEXT NOT NULL,
                        provider    TEXT NOT NULL,
                        model       TEXT NOT NULL,
                        requests    INTEGER NOT NULL CHECK (requests > 0),
                        misses      INTEGER NOT NULL CHECK (misses >= 0),
                        recorded_at INTEGER NOT NULL,
                        PRIMARY KEY (batch_id, cache_key)
                    ) STRICT;
                    CREATE INDEX cache_route_samples_model ON cache_route_samples (provider, model, recorded_at);
                    """)
        }
        migrator.registerMigration("v7 running pending-bucket aggregates") { db in
            // The accumulator reads every pending bucket's sums on each pass, and a pass follows
            // every journal commit: aggregating the pending rows each time made intake slow down as
            // the backlog grew. The sums are kept as they change instead, by triggers, so no write
            // path can forget them and a pass costs one row per bucket.
            try db.execute(sql: pendingBucketsSchema)
        }
        migrator.registerMigration("v8 result echo columns on requests") { db in
            // What a result echoes from its request (task, document id, metadata), taken from the
            // event once at intake, so a result is built without parsing the event again.
            // Requests still in flight get theirs from their events here.
            try db.execute(
                sql: """
                    ALTER TABLE requests ADD COLUMN task TEXT;
                    ALTER TABLE requests ADD COLUMN document_id TEXT;
                    ALTER TABLE requests ADD COLUMN metadata TEXT;
                    UPDATE requests SET
                        task = json_extract(CAST(event AS TEXT), '$.task'),
                        document_id = json_extract(CAST(event AS TEXT), '$.document.id'),
                        metadata = json_extract(CAST(event AS TEXT), '$.metadata')
                    WHERE status IN ('pending', 'planned') AND json_valid(CAST(event AS TEXT));
                    """)
        }
        migrator.registerMigration("v9 retention") { db in
            // When a request reached `completed` or `failed`: retention measures from it (blobs go
            // after `retention.completed`, the key row after `retention.dedupe_window`). Rows that
            // finished before this migration take their last attempt's end, else their arrival.
            try db.execute(
                sql: """
                    ALTER TABLE requests ADD COLUMN finished_at INTEGER;
                    ALTER TABLE requests ADD COLUMN blobs_dropped_at INTEGER;
                    UPDATE requests SET finished_at = COALESCE(
                        (SELECT MAX(a.finished_at) FROM attempts a
                         WHERE a.tenant = requests.tenant AND a.request_id = requests.request_id),
                        received_at)
                    WHERE status IN ('completed', 'failed');
                    CREATE INDEX requests_finished ON requests (finished_at) WHERE finished_at IS NOT NULL;
                    CREATE INDEX requests_blobs_kept ON requests (finished_at)
                        WHERE finished_at IS NOT NULL AND blobs_dropped_at IS NULL;
                    -- How many requests (by final status) and batches (by final state) retention
                    -- deleted, so that /v1/stats and the gauges keep counting them.
                    CREATE TABLE retired_counts (
                        subject TEXT NOT NULL CHECK (subject IN ('request', 'batch')),
                        state   TEXT NOT NULL,
                        count   INTEGER NOT NULL CHECK (count >= 0),
                        PRIMARY KEY (subject, state)
                    ) STRICT;
                    """)
        }
        migrator.registerMigration("v10 drop the source-offset index") { db in
            // Nothing reads requests by source offset on the hot path (only the recovery query
            // `journaledOffsets`, which may scan); the index cost every journal insert.
            try db.execute(sql: "DROP INDEX requests_source")
        }
        migrator.registerMigration("v11 outbox metric labels") { db in
            // A result's status, written with it, so publishing counts it without parsing it.
            try db.execute(sql: "ALTER TABLE outbox ADD COLUMN label TEXT")
        }
        return migrator
    }

    /// One row per bucket with pending requests; `bucket` fixes provider, model and endpoint
    /// (``BucketKey`` spells them), which are kept beside it. A minimum is recomputed from the
    /// pending indexes only when the request leaving held it.
    ///
    /// The journal adds what it inserts itself, one upsert per bucket and poll round
    /// (``StateStore/addPending(_:_:)``): a trigger per inserted row cost a third of the insert.
    /// Every other way into or out of `pending` (an update, a delete) goes through the triggers.
    private static let pendingBucketsSchema = """
        CREATE TABLE pending_buckets (
            bucket                          TEXT PRIMARY KEY NOT NULL,
            provider                        TEXT NOT NULL,
            model                           TEXT NOT NULL,
            endpoint                        TEXT NOT NULL,
            count                           INTEGER NOT NULL CHECK (count > 0),
            total_bytes                     INTEGER NOT NULL,
            total_estimated_input_tokens    INTEGER NOT NULL,
            count_low                       INTEGER NOT NULL,
            count_normal                    INTEGER NOT NULL,
            count_high                      INTEGER NOT NULL,
            oldest_low_received_at          INTEGER,
            oldest_normal_received_at       INTEGER,
            oldest_high_received_at         INTEGER,
            earliest_deadline               INTEGER
        ) STRICT;
        CREATE INDEX requests_pending_deadline ON requests (bucket, deadline)
            WHERE status = 'pending' AND deadline IS NOT NULL;

        CREATE TRIGGER pending_buckets_enter_update AFTER UPDATE ON requests
        WHEN NEW.status = 'pending' AND (OLD.status != 'pending' OR \(summedColumnChanged))
        BEGIN
            \(enter)
        END;
        CREATE TRIGGER pending_buckets_leave_update AFTER UPDATE ON requests
        WHEN OLD.status = 'pending' AND (NEW.status != 'pending' OR \(summedColumnChanged))
        BEGIN
            \(leave)
        END;
        CREATE TRIGGER pending_buckets_leave_delete AFTER DELETE ON requests WHEN OLD.status = 'pending'
        BEGIN
            \(leave)
        END;

        INSERT INTO pending_buckets
        SELECT bucket, MIN(provider), MIN(model), MIN(endpoint), COUNT(*), SUM(byte_size), SUM(estimated_input_tokens),
               SUM(priority = 0), SUM(priority = 1), SUM(priority = 2),
               MIN(CASE WHEN priority = 0 THEN received_at END), MIN(CASE WHEN priority = 1 THEN received_at END),
               MIN(CASE WHEN priority = 2 THEN received_at END), MIN(deadline)
        FROM requests WHERE status = 'pending' GROUP BY bucket;
        """

    /// An update of a pending request that changes what its bucket sums (it leaves with the old
    /// values and enters with the new).
    private static let summedColumnChanged = """
        OLD.bucket != NEW.bucket OR OLD.byte_size != NEW.byte_size
            OR OLD.estimated_input_tokens != NEW.estimated_input_tokens OR OLD.priority != NEW.priority
            OR OLD.received_at != NEW.received_at OR OLD.deadline IS NOT NEW.deadline
        """

    /// Adds requests the journal inserted (all pending) to their buckets' sums, one statement per
    /// bucket and poll round; the values are those of a `pending_buckets` row.
    static let addPendingSQL = addToPending(Array(repeating: "?", count: 14).joined(separator: ", "))

    /// A request (NEW) becomes pending: add it to its bucket's sums.
    private static let enter =
        addToPending(
            """
            NEW.bucket, NEW.provider, NEW.model, NEW.endpoint, 1, NEW.byte_size, NEW.estimated_input_tokens,
            NEW.priority = 0, NEW.priority = 1, NEW.priority = 2,
            CASE WHEN NEW.priority = 0 THEN NEW.received_at END,
            CASE WHEN NEW.priority = 1 THEN NEW.received_at END,
            CASE WHEN NEW.priority = 2 THEN NEW.received_at END,
            NEW.deadline
            """) + ";"

    /// Adds a row of sums (`values`, in column order) to its bucket's, or starts the bucket.
    private static func addToPending(_ values: String) -> String {
        """
        INSERT INTO pending_buckets VALUES (\(values))
            ON CONFLICT (bucket) DO UPDATE SET
                count = count + excluded.count,
                total_bytes = total_bytes + excluded.total_bytes,
                total_estimated_input_tokens = total_estimated_input_tokens + excluded.total_estimated_input_tokens,
                count_low = count_low + excluded.count_low,
                count_normal = count_normal + excluded.count_normal,
                count_high = count_high + excluded.count_high,
                oldest_low_received_at = \(least("oldest_low_received_at")),
                oldest_normal_received_at = \(least("oldest_normal_received_at")),
                oldest_high_received_at = \(least("oldest_high_received_at")),
                earliest_deadline = \(least("earliest_deadline"))
        """
    }

    /// A request (OLD) stops being pending: drop its bucket if it was the last, else take it out and recompute a
    /// minimum it held from the pending indexes (one seek each).
    private static let leave = """
        DELETE FROM pending_buckets WHERE bucket = OLD.bucket AND count = 1;
            UPDATE pending_buckets SET
                count = count - 1,
                total_bytes = total_bytes - OLD.byte_size,
                total_estimated_input_tokens = total_estimated_input_tokens - OLD.estimated_input_tokens,
                count_low = count_low - (OLD.priority = 0),
                count_normal = count_normal - (OLD.priority = 1),
                count_high = count_high - (OLD.priority = 2)
            WHERE bucket = OLD.bucket;
            UPDATE pending_buckets SET
                oldest_low_received_at = CASE WHEN OLD.priority = 0 AND oldest_low_received_at = OLD.received_at
                    THEN \(oldest(0)) ELSE oldest_low_received_at END,
                oldest_normal_received_at = CASE WHEN OLD.priority = 1 AND oldest_normal_received_at = OLD.received_at
                    THEN \(oldest(1)) ELSE oldest_normal_received_at END,
                oldest_high_received_at = CASE WHEN OLD.priority = 2 AND oldest_high_received_at = OLD.received_at
                    THEN \(oldest(2)) ELSE oldest_high_received_at END,
                earliest_deadline = CASE WHEN earliest_deadline = OLD.deadline
                    THEN (SELECT MIN(deadline) FROM requests
                          WHERE status = 'pending' AND bucket = OLD.bucket AND deadline IS NOT NULL)
                    ELSE earliest_deadline END
            WHERE bucket = OLD.bucket AND (
                (OLD.priority = 0 AND oldest_low_received_at = OLD.received_at)
                OR (OLD.priority = 1 AND oldest_normal_received_at = OLD.received_at)
                OR (OLD.priority = 2 AND oldest_high_received_at = OLD.received_at)
                OR earliest_deadline = OLD.deadline);
        """

    /// The smaller of a column and the incoming value, either of which may be NULL.
    private static func least(_ column: String) -> String {
        "MIN(COALESCE(\(column), excluded.\(column)), COALESCE(excluded.\(column), \(column)))"
    }

    /// The oldest pending request of a priority in OLD's bucket (the `requests_pending` index).
    private static func oldest(_ priority: Int) -> String {
        "(SELECT MIN(received_at) FROM requests WHERE status = 'pending' AND bucket = OLD.bucket AND priority = \(priority))"
    }

    private static let v1Schema = """
        CREATE TABLE requests (
            tenant                  TEXT NOT NULL,
            request_id              TEXT NOT NULL,
            kafka_key               BLOB,
            headers                 TEXT NOT NULL DEFAULT '[]',
            source_topic            TEXT NOT NULL,
            source_partition        INTEGER NOT NULL,
            source_offset           INTEGER NOT NULL,
            event                   BLOB NOT NULL,
            rendered                BLOB NOT NULL,
            provider                TEXT NOT NULL,
            model                   TEXT NOT NULL,
            endpoint                TEXT NOT NULL CHECK (endpoint IN ('chat', 'embedding')),
            bucket                  TEXT NOT NULL,
            priority                INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 2),
            deadline                INTEGER,
            received_at             INTEGER NOT NULL,
            estimated_input_tokens  INTEGER NOT NULL CHECK (estimated_input_tokens >= 0),
            byte_size               INTEGER NOT NULL CHECK (byte_size >= 0),
            status                  TEXT NOT NULL DEFAULT 'pending'
                                    CHECK (status IN ('pending', 'planned', 'completed', 'failed')),
            attempts                INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            last_error              TEXT,
            PRIMARY KEY (tenant, request_id)
        ) STRICT;
        CREATE INDEX requests_pending ON requests (bucket, priority DESC, received_at) WHERE status = 'pending';
        CREATE INDEX requests_status ON requests (status);
        CREATE INDEX requests_source ON requests (source_topic, source_partition, source_offset);

        CREATE TABLE batches (
            id                  TEXT PRIMARY KEY NOT NULL,
            provider            TEXT NOT NULL,
            model               TEXT NOT NULL,
            endpoint            TEXT NOT NULL CHECK (endpoint IN ('chat', 'embedding')),
            bucket              TEXT NOT NULL,
            kind                TEXT NOT NULL CHECK (kind IN ('batch', 'primer', 'realtime')),
            mode                TEXT NOT NULL CHECK (mode IN ('batch', 'realtime', 'flex')),
            state               TEXT NOT NULL CHECK (state IN
                                ('planned', 'submitting', 'submitted', 'ended', 'published', 'failed', 'canceled')),
            marker              TEXT NOT NULL UNIQUE,
            provider_batch_id   TEXT,
            provider_status     TEXT,
            plan                BLOB NOT NULL,
            item_count          INTEGER NOT NULL CHECK (item_count >= 0),
            created_at          INTEGER NOT NULL,
            submitted_at        INTEGER,
            ended_at            INTEGER,
            published_at        INTEGER,
            updated_at          INTEGER NOT NULL,
            error               TEXT,
            next_poll_at        INTEGER,
            last_polled_at      INTEGER,
            poll_count          INTEGER NOT NULL DEFAULT 0,
            results_cursor      INTEGER NOT NULL DEFAULT 0,
            UNIQUE (provider, provider_batch_id)
        ) STRICT;
        CREATE INDEX batches_state ON batches (state);
        CREATE INDEX batches_poll ON batches (next_poll_at) WHERE state = 'submitted';

        CREATE TABLE batch_items (
            batch_id    TEXT NOT NULL REFERENCES batches (id),
            custom_id   TEXT NOT NULL,
            tenant      TEXT,
            request_id  TEXT,
            PRIMARY KEY (batch_id, custom_id),
            FOREIGN KEY (tenant, request_id) REFERENCES requests (tenant, request_id),
            CHECK ((tenant IS NULL) = (request_id IS NULL))
        ) STRICT;
        CREATE INDEX batch_items_request ON batch_items (tenant, request_id);

        CREATE TABLE attempts (
            tenant      TEXT NOT NULL,
            request_id  TEXT NOT NULL,
            attempt     INTEGER NOT NULL CHECK (attempt >= 1),
            batch_id    TEXT REFERENCES batches (id),
            call_id     TEXT,
            mode        TEXT NOT NULL CHECK (mode IN ('batch', 'realtime', 'flex')),
            custom_id   TEXT,
            started_at  INTEGER NOT NULL,
            finished_at INTEGER,
            outcome     TEXT CHECK (outcome IN ('succeeded', 'errored', 'expired', 'canceled')),
            error       TEXT,
            PRIMARY KEY (tenant, request_id, attempt),
            FOREIGN KEY (tenant, request_id) REFERENCES requests (tenant, request_id),
            CHECK ((finished_at IS NULL) = (outcome IS NULL))
        ) STRICT;
        CREATE UNIQUE INDEX attempts_item ON attempts (batch_id, custom_id);

        CREATE TABLE ledger (
            provider                    TEXT NOT NULL,
            provider_batch_id           TEXT NOT NULL,
            custom_id                   TEXT NOT NULL,
            batch_id                    TEXT,
            tenant                      TEXT,
            request_id                  TEXT,
            model                       TEXT NOT NULL,
            mode                        TEXT NOT NULL CHECK (mode IN ('batch', 'realtime', 'flex')),
            input_tokens                INTEGER NOT NULL CHECK (input_tokens >= 0),
            cache_read_input_tokens     INTEGER NOT NULL CHECK (cache_read_input_tokens >= 0),
            cache_write_5m_input_tokens INTEGER NOT NULL CHECK (cache_write_5m_input_tokens >= 0),
            cache_write_1h_input_tokens INTEGER NOT NULL CHECK (cache_write_1h_input_tokens >= 0),
            output_tokens               INTEGER NOT NULL CHECK (output_tokens >= 0),
            actual_usd                  TEXT NOT NULL,
            baseline_usd                TEXT NOT NULL,
            recorded_at                 INTEGER NOT NULL,
            PRIMARY KEY (provider, provider_batch_id, custom_id)
        ) STRICT;
        CREATE INDEX ledger_batch ON ledger (batch_id);

        CREATE TABLE ledger_totals (
            provider                    TEXT NOT NULL,
            model                       TEXT NOT NULL,
            mode                        TEXT NOT NULL,
            entry_count                 INTEGER NOT NULL,
            input_tokens                INTEGER NOT NULL,
            cache_read_input_tokens     INTEGER NOT NULL,
            cache_write_5m_input_tokens INTEGER NOT NULL,
            cache_write_1h_input_tokens INTEGER NOT NULL,
            output_tokens               INTEGER NOT NULL,
            actual_usd                  TEXT NOT NULL,
            baseline_usd                TEXT NOT NULL,
            PRIMARY KEY (provider, model, mode)
        ) STRICT;

        CREATE TABLE outbox (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            topic       TEXT NOT NULL,
            key         BLOB,
            value       BLOB NOT NULL,
            headers     TEXT NOT NULL DEFAULT '[]',
            dedupe_key  TEXT NOT NULL UNIQUE,
            batch_id    TEXT,
            created_at  INTEGER NOT NULL,
            published_at INTEGER
        ) STRICT;
        CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
        CREATE INDEX outbox_batch ON outbox (batch_id, published_at) WHERE batch_id IS NOT NULL;

        CREATE TABLE response_cache (
            key         TEXT PRIMARY KEY NOT NULL,
            response    BLOB NOT NULL,
            created_at  INTEGER NOT NULL,
            expires_at  INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX response_cache_expiry ON response_cache (expires_at);

        CREATE TABLE provider_caches (
            provider    TEXT NOT NULL,
            model       TEXT NOT NULL,
            prefix_hash TEXT NOT NULL,
            ttl_seconds INTEGER NOT NULL CHECK (ttl_seconds > 0),
            written_at  INTEGER NOT NULL,
            expires_at  INTEGER NOT NULL,
            last_hit_at INTEGER,
            hit_count   INTEGER NOT NULL DEFAULT 0,
            cache_name  TEXT,
            PRIMARY KEY (provider, model, prefix_hash)
        ) STRICT;
        CREATE INDEX provider_caches_expiry ON provider_caches (expires_at);
        """
}
