#include "RawCommon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct raw_consumer {
    rd_kafka_t *rk;
    /* Set by the first rebalance callback (on the polling thread). */
    int joined;
};

/* What ConsumerCore.rebalance does, minus its bookkeeping: incremental assign; on revoke, a
 * synchronous commit of what was stored, then incremental unassign. */
static void raw_rebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t *partitions,
                          void *opaque) {
    struct raw_consumer *consumer = opaque;
    consumer->joined = 1;
    int cooperative = strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
    rd_kafka_error_t *error = NULL;
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        if (cooperative) {
            error = rd_kafka_incremental_assign(rk, partitions);
        } else {
            rd_kafka_assign(rk, partitions);
        }
    } else if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
        if (!rd_kafka_assignment_lost(rk)) {
            rd_kafka_resp_err_t result = rd_kafka_commit(rk, NULL, 0);
            if (result != RD_KAFKA_RESP_ERR_NO_ERROR && result != RD_KAFKA_RESP_ERR__NO_OFFSET) {
                fprintf(stderr, "commit on revoke failed: %s\n", rd_kafka_err2name(result));
            }
        }
        if (cooperative) {
            error = rd_kafka_incremental_unassign(rk, partitions);
        } else {
            rd_kafka_assign(rk, NULL);
        }
    } else {
        fprintf(stderr, "rebalance error: %s\n", rd_kafka_err2name(err));
        rd_kafka_assign(rk, NULL);
    }
    if (error != NULL) {
        fprintf(stderr, "(un)assign failed: %s\n", rd_kafka_error_string(error));
        rd_kafka_error_destroy(error);
    }
}

raw_consumer *raw_consumer_new(const char *bootstrap_servers, const char *group_id, const char *topic,
                               int session_timeout_ms, int heartbeat_interval_ms, int fetch_wait_max_ms,
                               char *errstr, size_t errstr_size) {
    struct raw_consumer *consumer = calloc(1, sizeof *consumer);
    char session[32], heartbeat[32], fetch_wait[32];
    snprintf(session, sizeof session, "%d", session_timeout_ms);
    snprintf(heartbeat, sizeof heartbeat, "%d", heartbeat_interval_ms);
    snprintf(fetch_wait, sizeof fetch_wait, "%d", fetch_wait_max_ms);
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    /* KafkaConsumerConfiguration.librdkafkaProperties with its defaults, in its order. */
    const char *properties[][2] = {
        {"bootstrap.servers", bootstrap_servers},
        {"group.id", group_id},
        {"client.id", "sluice"},
        {"partition.assignment.strategy", "cooperative-sticky"},
        {"auto.offset.reset", "earliest"},
        {"session.timeout.ms", session},
        {"heartbeat.interval.ms", heartbeat},
        {"fetch.wait.max.ms", fetch_wait},
        {"queued.max.messages.kbytes", "32768"},
        {"fetch.max.bytes", "16777216"},
        {"max.partition.fetch.bytes", "1048576"},
        {"enable.auto.commit", "true"},
        {"auto.commit.interval.ms", "1000"},
        {"enable.auto.offset.store", "false"},
    };
    for (size_t index = 0; index < sizeof properties / sizeof properties[0]; index++) {
        if (raw_set(conf, properties[index][0], properties[index][1], errstr, errstr_size) != 0) {
            rd_kafka_conf_destroy(conf);
            free(consumer);
            return NULL;
        }
    }
    raw_install_callbacks(conf);
    rd_kafka_conf_set_opaque(conf, consumer);
    rd_kafka_conf_set_rebalance_cb(conf, raw_rebalance);
    consumer->rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, errstr_size);
    if (consumer->rk == NULL) {
        rd_kafka_conf_destroy(conf);
        free(consumer);
        return NULL;
    }
    rd_kafka_poll_set_consumer(consumer->rk);
    rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(topics, topic, RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t err = rd_kafka_subscribe(consumer->rk, topics);
    rd_kafka_topic_partition_list_destroy(topics);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        snprintf(errstr, errstr_size, "subscribe to %s: %s", topic, rd_kafka_err2str(err));
        rd_kafka_destroy(consumer->rk);
        free(consumer);
        return NULL;
    }
    return consumer;
}

int64_t raw_consumer_consume(raw_consumer *consumer, int64_t count, size_t value_size, int timeout_ms,
                             char *errstr, size_t errstr_size) {
    rd_kafka_t *rk = consumer->rk;
    int64_t deadline = raw_now_ms() + timeout_ms;
    int64_t received = 0;
    while (received < count && raw_now_ms() < deadline) {
        rd_kafka_message_t *message = rd_kafka_consumer_poll(rk, 100);
        if (message == NULL) continue;
        if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            if (message->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
                fprintf(stderr, "consumer error: %s: %s\n", rd_kafka_err2name(message->err),
                        rd_kafka_message_errstr(message));
            }
            rd_kafka_message_destroy(message);
            continue;
        }
        if (message->len != value_size || message->key_len != RAW_KEY_SIZE) {
            snprintf(errstr, errstr_size, "record of %zu bytes with a %zu-byte key; expected %zu and %d",
                     message->len, message->key_len, value_size, RAW_KEY_SIZE);
            rd_kafka_message_destroy(message);
            return -1;
        }
        /* KafkaConsumer.storeOffset: a one-element list holding offset + 1. */
        rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(1);
        rd_kafka_topic_partition_list_add(list, rd_kafka_topic_name(message->rkt), message->partition)->offset =
            message->offset + 1;
        rd_kafka_resp_err_t err = rd_kafka_offsets_store(rk, list);
        if (err == RD_KAFKA_RESP_ERR_NO_ERROR) err = list->elems[0].err;
        rd_kafka_topic_partition_list_destroy(list);
        rd_kafka_message_destroy(message);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            snprintf(errstr, errstr_size, "store offset: %s", rd_kafka_err2str(err));
            return -1;
        }
        received++;
    }
    return received;
}

void raw_consumer_close(raw_consumer *consumer) {
    /* librdkafka 2.0.2 aborts when a cooperative consumer is destroyed between its JoinGroup and its
     * first assignment (#4312); the wrapper waits for the assignment first, and so does this. */
    int64_t deadline = raw_now_ms() + 15000;
    while (!consumer->joined && raw_now_ms() < deadline) {
        rd_kafka_message_t *message = rd_kafka_consumer_poll(consumer->rk, 100);
        if (message != NULL) rd_kafka_message_destroy(message);
    }
    rd_kafka_resp_err_t err = rd_kafka_consumer_close(consumer->rk);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) fprintf(stderr, "consumer close: %s\n", rd_kafka_err2name(err));
    rd_kafka_destroy(consumer->rk);
    free(consumer);
}
