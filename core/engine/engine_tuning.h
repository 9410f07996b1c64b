/*
 * engine_tuning.h — private: the knobs the benchmarks and a few tests turn,
 * kept out of the public cv_engine_options. Zero means the default for each.
 * Declared on the structs' tags, so this header includes nothing public
 * (engine.c implements it).
 */
#ifndef CONVEYOR_ENGINE_TUNING_H
#define CONVEYOR_ENGINE_TUNING_H

#include <stdint.h>

#include "conveyor/status.h"

/* A futex sleep and wake-up cost several microseconds (more in a VM); a wait
 * shorter than this is cheaper spent retrying. */
#define CV_DEFAULT_SPIN_NS 10000

/* Mapping fresh memory costs a page fault per 4 KB (~0.3-0.5 ms per MB in a
 * VM); the trace memory a run is expected to fill is mapped before its clock
 * starts, up to this much, so that recording those events costs no faults. */
#define CV_DEFAULT_TRACE_RESERVE_BYTES (64 * 1024 * 1024)

typedef struct cv_engine_tuning {
    uint32_t ring_events;        /* events per worker ring, a power of two; 0 = automatic */
    int64_t spin_ns;             /* how long a worker retries a taken semaphore or lock before it
                                    sleeps; 0 = CV_DEFAULT_SPIN_NS, negative = never */
    int64_t trace_reserve_bytes; /* most trace memory mapped before the workers start;
                                    0 = CV_DEFAULT_TRACE_RESERVE_BYTES, negative = none */
} cv_engine_tuning;

struct cv_scenario;
struct cv_engine_options;
struct cv_engine;

/* cv_engine_start with tuning (NULL: the defaults); the same errors. */
cv_status cv_engine_start_tuned(const struct cv_scenario *scenario,
                                const struct cv_engine_options *options,
                                const cv_engine_tuning *tuning, struct cv_engine **out,
                                cv_error *err);

#endif
