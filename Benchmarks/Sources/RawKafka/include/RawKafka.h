#ifndef SLUICE_RAWKAFKA_H
#define SLUICE_RAWKAFKA_H

/* The baseline the RdKafka wrapper is measured against: the same librdkafka calls, with the same
 * properties as KafkaProducerConfiguration / KafkaConsumerConfiguration set, written directly in C.
 *
 * This header exposes no librdkafka type on purpose: the wrapper's CRdKafka module already brings
 * rdkafka.h into the benchmark's Swift module, and two modules defining the same C types would
 * clash. Only the .c files include librdkafka. */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* librdkafka's version string, e.g. "2.0.2". */
const char *raw_kafka_version(void);

/* ---- Records and topic layout ------------------------------------------------------------- */

/* Every record in the suite has an 8-byte key: its index, big-endian. Keys (not keyless records)
 * because keyless records stick to one partition per `sticky.partitioning.linger.ms` window and
 * would overflow the embedded broker's per-partition cap; keyed records spread by murmur2. */
#define RAW_KEY_SIZE 8

/* Writes the key of record `index` into `key` (RAW_KEY_SIZE bytes). */
void raw_key(int64_t index, uint8_t *key);

/* Counts how many of the records [first, first + count) murmur2 places on each of `partitions`
 * partitions (the `murmur2_random` partitioner both clients use), into `counts[partitions]`. */
void raw_partition_counts(int64_t first, int64_t count, int32_t partitions, int64_t *counts);

/* Asks the cluster for every partition's low and high watermark.
 * On success returns 0 and fills `low[partitions]` and `high[partitions]`; otherwise -1 and a
 * message in `errstr`. */
int raw_watermarks(const char *bootstrap_servers, const char *topic, int32_t partitions, int64_t *low,
                   int64_t *high, char *errstr, size_t errstr_size);

/* ---- Producer ------------------------------------------------------------------------------ */

typedef struct raw_producer raw_producer;

/* An idempotent producer with KafkaProducerConfiguration's properties, a delivery-report callback
 * that counts, and the same log and error callbacks. NULL on failure, with a message in `errstr`. */
raw_producer *raw_producer_new(const char *bootstrap_servers, char *errstr, size_t errstr_size);

/* Produces records [first, first + count) of `value_size` bytes to `topic`, keyed by raw_key(),
 * with rd_kafka_producev (RD_KAFKA_MSG_F_COPY, partition unassigned), serving delivery reports with
 * rd_kafka_poll(0) after each record and rd_kafka_poll(100) while the queue is full, then polls
 * until every record has its report or `timeout_ms` passes.
 * Returns the number of records delivered; `*failed` gets the number of failed reports.
 * Returns -1 on an enqueue error other than _QUEUE_FULL (message in `errstr`). */
int64_t raw_producer_produce(raw_producer *producer, const char *topic, int64_t first, int64_t count,
                             size_t value_size, int timeout_ms, int64_t *failed, char *errstr,
                             size_t errstr_size);

/* Flushes (bounded by `timeout_ms`) and destroys the producer. */
void raw_producer_destroy(raw_producer *producer, int timeout_ms);

/* ---- Consumer ------------------------------------------------------------------------------ */

typedef struct raw_consumer raw_consumer;

/* A high-level consumer with KafkaConsumerConfiguration's properties (cooperative-sticky,
 * enable.auto.offset.store=false, auto-commit), the embedded-broker test settings given here, a
 * rebalance callback doing what the wrapper's does (incremental assign; on revoke a synchronous
 * commit, then incremental unassign), rd_kafka_poll_set_consumer, and rd_kafka_subscribe to
 * `topic`. NULL on failure, with a message in `errstr`. */
raw_consumer *raw_consumer_new(const char *bootstrap_servers, const char *group_id, const char *topic,
                               int session_timeout_ms, int heartbeat_interval_ms, int fetch_wait_max_ms,
                               char *errstr, size_t errstr_size);

/* Polls with rd_kafka_consumer_poll until `count` records have arrived or `timeout_ms` passes.
 * Each record's payload length is checked against `value_size`, and its next offset is stored
 * the way the wrapper's callers do: a one-element list through rd_kafka_offsets_store.
 * Returns the number of records received and stored; -1 if a record was malformed or a store
 * failed (message in `errstr`). */
int64_t raw_consumer_consume(raw_consumer *consumer, int64_t count, size_t value_size, int timeout_ms,
                             char *errstr, size_t errstr_size);

/* Leaves the group (rd_kafka_consumer_close) and destroys the handle. */
void raw_consumer_close(raw_consumer *consumer);

#ifdef __cplusplus
}
#endif

#endif
