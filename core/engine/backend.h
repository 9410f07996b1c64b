/*
 * engine_internal.h — the engine's private state, shared by the files that
 * make up the engine: engine.c (life cycle), collector.c (draining rings),
 * watchdog.c (deadlock), backend_threads.c and backend_procs.c (starting
 * and reaping workers). Everything here lives in the parent only.
 */
#ifndef CONVEYOR_ENGINE_INTERNAL_H
#define CONVEYOR_ENGINE_INTERNAL_H

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/types.h>

#include "conveyor/engine.h"
#include "region.h"

struct cv_engine {
    cv_scenario scenario;
    cv_engine_options options;
    cv_region region;
    cv_control *control;
    double iterations_per_us;
    uint32_t worker_count;
    uint32_t started; /* workers successfully started */
    bool buffer_ready;
    uint32_t gils_ready;

    /* Backends: one of these is used. */
    pthread_t *threads;
    pid_t *pids;
    bool *reaped;
    uint32_t reaped_count;

    cv_trace trace;

    cv_run_result result;
    cv_worker_summary *summaries;

    bool running;
    _Atomic int stop_requested; /* set from signal handlers */
    cv_outcome pending_outcome; /* decided before the end: deadlock, died, failed */
    int64_t stop_mono_ns;       /* when we asked workers to stop */
    int64_t end_mono_ns;
    uint64_t last_progress;
    int64_t last_progress_ns; /* run clock */
};

/* backend_threads.c */
cv_status cv_threads_start_worker(cv_engine *engine, uint32_t index, cv_error *err);
void cv_threads_join_all(cv_engine *engine);
bool cv_threads_all_finished(cv_engine *engine);

/* backend_procs.c */
cv_status cv_procs_start_worker(cv_engine *engine, uint32_t index, cv_error *err);
/* Reap exited children without blocking; a worker that died is described in
 * engine->result.explanation and its summary. Returns true if one died. */
bool cv_procs_reap(cv_engine *engine);
void cv_procs_kill_all(cv_engine *engine);
bool cv_procs_all_reaped(cv_engine *engine);

/* collector.c: drain every ring into the trace. */
cv_status cv_collector_drain(cv_engine *engine, cv_error *err);
/* collector.c: before the workers start, map the trace memory the run is
 * expected to fill (best effort, bounded by options.trace_reserve_bytes). */
void cv_collector_map_ahead(cv_engine *engine);

/* watchdog.c: true if every live worker has been blocked with no progress
 * for the scenario's deadlock_timeout; explains who waits for what. */
bool cv_watchdog_check(cv_engine *engine);

/* engine.c */
void cv_engine_mark_spawn(cv_engine *engine, uint32_t index);

#endif
