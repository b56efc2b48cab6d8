#ifndef SLUICE_CRDKAFKA_SHIM_H
#define SLUICE_CRDKAFKA_SHIM_H

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

/* Swift cannot call C variadics or the RD_KAFKA_V_* macros; these fixed-arity forms cover what
 * RdKafka needs and keep the hot produce path to one call with no Swift-side union juggling. */

/* Enqueues one message. Key and value are copied; `headers` (may be NULL) is owned by librdkafka
 * only when this returns RD_KAFKA_RESP_ERR_NO_ERROR, otherwise the caller still owns it. */
static inline rd_kafka_resp_err_t
sluice_produce(rd_kafka_t *rk, rd_kafka_topic_t *rkt, int32_t partition,
               const void *key, size_t key_len, const void *value, size_t value_len,
               rd_kafka_headers_t *headers, void *opaque) {
    if (headers != NULL) {
        return rd_kafka_producev(rk, RD_KAFKA_V_RKT(rkt), RD_KAFKA_V_PARTITION(partition),
                                 RD_KAFKA_V_KEY(key, key_len),
                                 RD_KAFKA_V_VALUE((void *)value, value_len),
                                 RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                 RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_OPAQUE(opaque),
                                 RD_KAFKA_V_END);
    }
    return rd_kafka_producev(rk, RD_KAFKA_V_RKT(rkt), RD_KAFKA_V_PARTITION(partition),
                             RD_KAFKA_V_KEY(key, key_len),
                             RD_KAFKA_V_VALUE((void *)value, value_len),
                             RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_OPAQUE(opaque),
                             RD_KAFKA_V_END);
}

/* Queues one (error, round-trip delay) pair on one mock broker for the next request of `apikey`. */
static inline rd_kafka_resp_err_t
sluice_mock_broker_push_request_error_rtt(rd_kafka_mock_cluster_t *mcluster, int32_t broker_id,
                                          int16_t apikey, rd_kafka_resp_err_t err, int rtt_ms) {
    return rd_kafka_mock_broker_push_request_error_rtts(mcluster, broker_id, apikey, 1, err, rtt_ms);
}

#endif
