/*
 * synthetic_trace.h — a deterministic, realistic trace without running anything.
 *
 * Tests and benchmarks of the viewer need traces of known size (10k to 10M
 * events on 64 lanes) in milliseconds, identical on every machine. The
 * generator simulates producers and consumers around a bounded buffer in
 * global time order: work, io, lock and buffer waits, put/get with item ids
 * and the fill level they leave, then done. It does not model contention
 * exactly; it only has to look and scale like a real run.
 */
#ifndef CONVEYOR_TESTS_SYNTHETIC_TRACE_H
#define CONVEYOR_TESTS_SYNTHETIC_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "conveyor/trace.h"

typedef struct cv_synthetic_options {
    uint32_t lanes;        /* producers are the first half, consumers the rest */
    uint64_t events;       /* events in total, over all lanes (at least 2 per lane) */
    uint64_t seed;         /* same seed, same trace */
    uint32_t buffer_slots; /* 0 means 8 */
    int64_t mean_step_ns;  /* mean state duration; 0 means 20 us */
} cv_synthetic_options;

/* Fill `trace` (initialised here; free with cv_trace_free) with a finished run. */
cv_status cv_synthetic_trace(cv_trace *trace, const cv_synthetic_options *options, cv_error *err);

/*
 * Replay a finished trace into a live one: append to `live` each lane's
 * events of `full` earlier than until_ns (cursor[l] remembers how far lane l
 * got), and move live->end_ns to until_ns, as the collector does each frame.
 */
cv_status cv_synthetic_replay_until(cv_trace *live, const cv_trace *full, size_t *cursor,
                                    int64_t until_ns, cv_error *err);

/* An empty live trace with the same lanes and labels as `full`. */
cv_status cv_synthetic_live_copy(cv_trace *live, const cv_trace *full, cv_error *err);

#endif
