#ifndef SLUICE_CRDKAFKA_SHIM_H
#define SLUICE_CRDKAFKA_SHIM_H

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

/* Swift cannot call C variadics; these fixed-arity forms cover what RdKafka needs. */

/* Queues one (error, round-trip delay) pair on one mock broker for the next request of `apikey`. */
static inline rd_kafka_resp_err_t
sluice_mock_broker_push_request_error_rtt(rd_kafka_mock_cluster_t *mcluster, int32_t broker_id,
                                          int16_t apikey, rd_kafka_resp_err_t err, int rtt_ms) {
    return rd_kafka_mock_broker_push_request_error_rtts(mcluster, broker_id, apikey, 1, err, rtt_ms);
}

#endif
