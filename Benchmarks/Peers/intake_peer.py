"""The Python peer of Sluice's intake: the service a team writes by hand before adopting Sluice.

It does what the issue that set the intake bar describes, and no more: confluent-kafka consumes a
backlog in a consumer group with stored offsets (enable.auto.offset.store=false, auto-commit), each
record is parsed with `json` and checked for the fields a request needs, and every poll batch is
journaled in ONE SQLite transaction (WAL, synchronous=FULL) before its offsets are stored. A record
that fails the check is counted, not journaled. It exits after `--count` records.

    python intake_peer.py --bootstrap HOST:PORT --topic T --group G --db FILE --count N
"""

import argparse
import json
import sqlite3
import sys
import time

from confluent_kafka import Consumer, TopicPartition


def valid(event):
    if not isinstance(event, dict):
        return False
    if not isinstance(event.get("id"), str) or not isinstance(event.get("tenant"), str):
        return False
    request = event.get("request")
    if isinstance(request, dict):
        return isinstance(request.get("model"), str) and (
            isinstance(request.get("messages"), list) or isinstance(request.get("input"), (list, str))
        )
    return isinstance(event.get("task"), str) and isinstance(event.get("document"), dict)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--group", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--count", type=int, required=True)
    args = parser.parse_args()

    db = sqlite3.connect(args.db, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute(
        """CREATE TABLE IF NOT EXISTS requests (
               tenant TEXT NOT NULL, request_id TEXT NOT NULL, kafka_key BLOB, event BLOB NOT NULL,
               model TEXT NOT NULL, source_partition INTEGER NOT NULL, source_offset INTEGER NOT NULL,
               received_at INTEGER NOT NULL, status TEXT NOT NULL DEFAULT 'pending',
               PRIMARY KEY (tenant, request_id))"""
    )

    # The same embedded-broker settings as Sluice's consumer in the benchmark.
    consumer = Consumer(
        {
            "bootstrap.servers": args.bootstrap,
            "group.id": args.group,
            "auto.offset.reset": "earliest",
            "enable.auto.commit": True,
            "enable.auto.offset.store": False,
            "partition.assignment.strategy": "cooperative-sticky",
            "session.timeout.ms": 6000,
            "heartbeat.interval.ms": 500,
            "fetch.wait.max.ms": 10,
        }
    )
    consumer.subscribe([args.topic])
    seen = 0
    invalid = 0
    while seen < args.count:
        messages = consumer.consume(num_messages=512, timeout=0.1)
        if not messages:
            continue
        rows = []
        offsets = {}
        now = int(time.time() * 1000)
        for message in messages:
            if message.error():
                continue
            seen += 1
            offsets[message.partition()] = message.offset() + 1
            try:
                event = json.loads(message.value())
            except ValueError:
                invalid += 1
                continue
            if not valid(event):
                invalid += 1
                continue
            rows.append(
                (event["tenant"], event["id"], message.key(), message.value(), event["request"]["model"],
                 message.partition(), message.offset(), now)
            )
        db.execute("BEGIN")
        db.executemany(
            "INSERT OR IGNORE INTO requests (tenant, request_id, kafka_key, event, model, source_partition,"
            " source_offset, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        db.execute("COMMIT")
        consumer.store_offsets(offsets=[TopicPartition(args.topic, p, o) for p, o in offsets.items()])
    consumer.close()
    db.close()
    print(f"peer: {seen} records, {invalid} invalid", file=sys.stderr)


if __name__ == "__main__":
    main()
