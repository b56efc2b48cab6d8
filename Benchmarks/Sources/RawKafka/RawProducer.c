#include "RawCommon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct raw_producer {
    rd_kafka_t *rk;
    /* Touched only by the thread that calls rd_kafka_poll, which runs the delivery callback. */
    int64_t delivered;
    int64_t failed;
};

static void raw_delivery(rd_kafka_t *rk, const rd_kafka_message_t *message, void *opaque) {
    (void)rk;
    struct raw_producer *producer = opaque;
    if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        producer->delivered++;
    } else {
        producer->failed++;
    }
}

raw_producer *raw_producer_new(const char *bootstrap_servers, char *errstr, size_t errstr_size) {
    struct raw_producer *producer = calloc(1, sizeof *producer);
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    /* KafkaProducerConfiguration.librdkafkaProperties with its defaults, in its order. */
    const char *properties[][2] = {
        {"bootstrap.servers", bootstrap_servers},
        {"client.id", "sluice"},
        {"enable.idempotence", "true"},
        {"linger.ms", "5"},
        {"message.timeout.ms", "300000"},
        {"partitioner", "murmur2_random"},
        {"queue.buffering.max.messages", "100000"},
        {"acks", "all"},
    };
    for (size_t index = 0; index < sizeof properties / sizeof properties[0]; index++) {
        if (raw_set(conf, properties[index][0], properties[index][1], errstr, errstr_size) != 0) {
            rd_kafka_conf_destroy(conf);
            free(producer);
            return NULL;
        }
    }
    raw_install_callbacks(conf);
    rd_kafka_conf_set_opaque(conf, producer);
    rd_kafka_conf_set_dr_msg_cb(conf, raw_delivery);
    producer->rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, errstr_size);
    if (producer->rk == NULL) {
        rd_kafka_conf_destroy(conf);
        free(producer);
        return NULL;
    }
    return producer;
}

int64_t raw_producer_produce(raw_producer *producer, const char *topic, int64_t first, int64_t count,
                             size_t value_size, int timeout_ms, int64_t *failed, char *errstr,
                             size_t errstr_size) {
    rd_kafka_t *rk = producer->rk;
    /* One payload, copied by librdkafka into each message (RD_KAFKA_MSG_F_COPY), as the wrapper's
     * callers hand it one [UInt8] that the wrapper passes by pointer. */
    uint8_t *value = malloc(value_size);
    for (size_t index = 0; index < value_size; index++) value[index] = (uint8_t)('a' + index % 26);
    uint8_t key[RAW_KEY_SIZE];
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    int64_t deadline = raw_now_ms() + timeout_ms;
    int64_t delivered_before = producer->delivered;
    int64_t failed_before = producer->failed;
    int64_t result = 0;

    for (int64_t index = first; index < first + count;) {
        raw_key(index, key);
        rd_kafka_resp_err_t err = rd_kafka_producev(
            rk, RD_KAFKA_V_RKT(rkt), RD_KAFKA_V_PARTITION(RD_KAFKA_PARTITION_UA),
            RD_KAFKA_V_KEY(key, RAW_KEY_SIZE), RD_KAFKA_V_VALUE(value, value_size),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_OPAQUE((void *)(uintptr_t)(index + 1)),
            RD_KAFKA_V_END);
        if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
            /* Back-pressure: serve delivery reports until there is room. */
            rd_kafka_poll(rk, 100);
            if (raw_now_ms() > deadline) {
                snprintf(errstr, errstr_size, "queue still full after %d ms", timeout_ms);
                result = -1;
                goto done;
            }
            continue;
        }
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            snprintf(errstr, errstr_size, "produce to %s: %s", topic, rd_kafka_err2str(err));
            result = -1;
            goto done;
        }
        rd_kafka_poll(rk, 0);
        index++;
    }
    while (producer->delivered - delivered_before + producer->failed - failed_before < count &&
           raw_now_ms() < deadline) {
        rd_kafka_poll(rk, 100);
    }
    result = producer->delivered - delivered_before;

done:
    *failed = producer->failed - failed_before;
    rd_kafka_topic_destroy(rkt);
    free(value);
    return result;
}

void raw_producer_destroy(raw_producer *producer, int timeout_ms) {
    rd_kafka_flush(producer->rk, timeout_ms);
    rd_kafka_destroy(producer->rk);
    free(producer);
}
