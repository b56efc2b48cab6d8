#include "RawCommon.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

const char *raw_kafka_version(void) {
    return rd_kafka_version_str();
}

void raw_key(int64_t index, uint8_t *key) {
    uint64_t value = (uint64_t)index;
    for (int byte = RAW_KEY_SIZE - 1; byte >= 0; byte--) {
        key[byte] = (uint8_t)(value & 0xff);
        value >>= 8;
    }
}

void raw_partition_counts(int64_t first, int64_t count, int32_t partitions, int64_t *counts) {
    uint8_t key[RAW_KEY_SIZE];
    memset(counts, 0, sizeof(int64_t) * (size_t)partitions);
    for (int64_t index = first; index < first + count; index++) {
        raw_key(index, key);
        /* The partitioner ignores its topic and opaques; murmur2_random hashes any non-NULL key. */
        int32_t partition = rd_kafka_msg_partitioner_murmur2(NULL, key, RAW_KEY_SIZE, partitions, NULL, NULL);
        counts[partition]++;
    }
}

int raw_watermarks(const char *bootstrap_servers, const char *topic, int32_t partitions, int64_t *low,
                   int64_t *high, char *errstr, size_t errstr_size) {
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap_servers, errstr, errstr_size) != RD_KAFKA_CONF_OK) {
        rd_kafka_conf_destroy(conf);
        return -1;
    }
    raw_install_callbacks(conf);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, errstr_size);
    if (rk == NULL) {
        rd_kafka_conf_destroy(conf);
        return -1;
    }
    int result = 0;
    for (int32_t partition = 0; partition < partitions; partition++) {
        rd_kafka_resp_err_t err =
            rd_kafka_query_watermark_offsets(rk, topic, partition, &low[partition], &high[partition], 10000);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            snprintf(errstr, errstr_size, "watermarks of %s[%d]: %s", topic, partition, rd_kafka_err2str(err));
            result = -1;
            break;
        }
    }
    rd_kafka_destroy(rk);
    return result;
}

/* ---- Shared by both clients --------------------------------------------------------------- */

int raw_set(rd_kafka_conf_t *conf, const char *name, const char *value, char *errstr, size_t errstr_size) {
    if (rd_kafka_conf_set(conf, name, value, errstr, errstr_size) == RD_KAFKA_CONF_OK) return 0;
    char reason[256];
    snprintf(reason, sizeof reason, "%s", errstr);
    snprintf(errstr, errstr_size, "property %s=%s: %s", name, value, reason);
    return -1;
}

/* The wrapper forwards librdkafka's logs at warning and above (its Logger's level) and its error
 * callbacks to the Logger; the baseline does the same to stderr so both pay for the same events. */
static void raw_log(const rd_kafka_t *rk, int level, const char *facility, const char *message) {
    (void)rk;
    if (level <= 4) fprintf(stderr, "rdkafka %d %s: %s\n", level, facility, message);
}

static void raw_error(rd_kafka_t *rk, int err, const char *reason, void *opaque) {
    (void)rk;
    (void)opaque;
    fprintf(stderr, "rdkafka error %s: %s\n", rd_kafka_err2name((rd_kafka_resp_err_t)err), reason);
}

void raw_install_callbacks(rd_kafka_conf_t *conf) {
    rd_kafka_conf_set_log_cb(conf, raw_log);
    rd_kafka_conf_set_error_cb(conf, raw_error);
}

int64_t raw_now_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}
