#ifndef SLUICE_RAWKAFKA_COMMON_H
#define SLUICE_RAWKAFKA_COMMON_H

/* Private to the RawKafka target: helpers both baseline clients share. */

#include <librdkafka/rdkafka.h>

#include "include/RawKafka.h"

/* rd_kafka_conf_set that names the property in `errstr` when librdkafka refuses it. 0 or -1. */
int raw_set(rd_kafka_conf_t *conf, const char *name, const char *value, char *errstr, size_t errstr_size);

/* Installs the log and error callbacks (the wrapper installs its own on every handle). */
void raw_install_callbacks(rd_kafka_conf_t *conf);

/* CLOCK_MONOTONIC in milliseconds, for timeouts. */
int64_t raw_now_ms(void);

#endif
