/*
 * engine.h — running a scenario: start workers, collect their trace while they
 * run, stop them, and judge the result.
 *
 * The caller owns the loop. cv_engine_poll() drains the workers' trace rings
 * into the engine's cv_trace, reaps workers, runs the deadlock watchdog and
 * returns false once the run is over; the window calls it once per frame,
 * the headless runner in a loop (cv_engine_run_to_end). The engine never
 * waits for its caller: if the caller is slow, rings fill and events are
 * dropped and counted, the workers never stall.
 */
#ifndef CONVEYOR_ENGINE_H
#define CONVEYOR_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "conveyor/outcome.h"
#include "conveyor/scenario.h"
#include "conveyor/status.h"
#include "conveyor/trace.h"

typedef struct cv_engine cv_engine;

/* Zero-initialised options are the defaults. */
typedef struct cv_engine_options {
    uint32_t ring_events;        /* events per worker ring, a power of two; 0 = automatic */
    bool untraced;               /* record no events (for measuring the probe effect) */
    int64_t spin_ns;             /* how long a worker retries a taken semaphore or lock before it
                                    sleeps; 0 = CV_DEFAULT_SPIN_NS, negative = never */
    int64_t trace_reserve_bytes; /* most trace memory mapped before the workers start;
                                    0 = CV_DEFAULT_TRACE_RESERVE_BYTES, negative = none */
} cv_engine_options;

/* A futex sleep and wake-up cost several microseconds (more in a VM); a wait
 * shorter than this is cheaper spent retrying. */
#define CV_DEFAULT_SPIN_NS 10000

/* Mapping fresh memory costs a page fault per 4 KB (~0.3-0.5 ms per MB in a
 * VM); the trace memory a run is expected to fill is mapped before its clock
 * starts, up to this much, so that recording those events costs no faults. */
#define CV_DEFAULT_TRACE_RESERVE_BYTES (64 * 1024 * 1024)

#define CV_MAX_LISTED_IDS 10

typedef struct cv_worker_summary {
    char name[CV_LANE_NAME_MAX];
    cv_role role;
    int64_t os_id;
    uint64_t items;                   /* items put (producer) or got (consumer) */
    int64_t spawn_ns;                 /* request to start -> first instruction */
    int64_t state_ns[CV_STATE_COUNT]; /* time per state, measured by the worker */
    int exit_signal;                  /* processes: the signal that killed it, or 0 */
    int exit_code;                    /* processes: exit status if it exited */
    bool died;                        /* ended abnormally */
} cv_worker_summary;

typedef struct cv_run_result {
    cv_outcome outcome;
    cv_backend backend;
    double elapsed_s;
    uint64_t items_produced;
    uint64_t items_consumed;
    bool ledger_ok;
    uint64_t lost_count;       /* ids put but never got */
    uint64_t duplicated_count; /* ids got more than once, or got but never put */
    uint32_t lost_ids[CV_MAX_LISTED_IDS];
    uint32_t duplicated_ids[CV_MAX_LISTED_IDS];
    uint64_t leftover_items; /* still in the buffer at the end */
    uint64_t dropped_events;
    double calibration_iterations_per_us;
    char explanation[1024]; /* why it ended, for people: deadlock waits, dead worker, ... */
    int32_t lock_holder;    /* deadlock: the worker holding the buffer lock, or -1 */
    uint32_t worker_count;
    cv_worker_summary *workers; /* owned by the engine */
} cv_run_result;

/* Start the run: map the region, calibrate, spawn every worker. */
cv_status cv_engine_start(const cv_scenario *scenario, const cv_engine_options *options,
                          cv_engine **out, cv_error *err);

/* Collect, reap, watch for deadlock. Returns true while the run goes on. */
bool cv_engine_poll(cv_engine *engine);

/* Poll until the end, sleeping briefly between polls. */
void cv_engine_run_to_end(cv_engine *engine);

/* Ask every worker to stop; they do within 100 ms. Async-signal-safe. */
void cv_engine_request_stop(cv_engine *engine);

/* Hold every worker at its next step (true) or let them go on (false).
 * Paused time is taken out of the run's clock. */
void cv_engine_set_paused(cv_engine *engine, bool paused);
bool cv_engine_paused(const cv_engine *engine);

/* The live trace (valid until cv_engine_destroy). */
const cv_trace *cv_engine_trace(const cv_engine *engine);

/* The run's clock now, in ns since the start (paused time excluded). */
int64_t cv_engine_now_ns(const cv_engine *engine);

/* Live counters for the header while the run goes on. */
void cv_engine_progress(const cv_engine *engine, uint64_t *produced, uint64_t *consumed,
                        uint32_t *buffer_fill);

/* The result: final once cv_engine_poll has returned false. */
const cv_run_result *cv_engine_result(const cv_engine *engine);

/* The scenario being run. */
const cv_scenario *cv_engine_scenario(const cv_engine *engine);

/* Stop if still running, reap every worker, unmap everything. */
void cv_engine_destroy(cv_engine *engine);

/* Iterations of the CPU work loop per microsecond on one idle core. Measured
 * once per process (the first call takes about 50 ms) and reused. */
double cv_calibrate_cpu(void);

#endif
