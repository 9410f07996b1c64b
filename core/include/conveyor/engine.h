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

#include "conveyor/run_result.h"
#include "conveyor/scenario.h"
#include "conveyor/status.h"
#include "conveyor/step.h"
#include "conveyor/trace.h"

typedef struct cv_engine cv_engine;

/* Zero-initialised options are the defaults. (The knobs the benchmarks
 * turn are private: core/engine/engine_tuning.h.) */
typedef struct cv_engine_options {
    bool untraced; /* record no events (for measuring the probe effect) */
    bool step;     /* step mode from the start (conveyor/step.h) */
} cv_engine_options;

/*
 * Start the run: map the region, calibrate, spawn every worker. The scenario
 * should have passed cv_scenario_validate (the loader does that); the engine
 * itself refuses, with CV_ERR_USAGE, only a shape it cannot lay out (no
 * producer or consumer, more workers than the backend allows, a buffer or an
 * item count out of range). CV_ERR_SYSTEM or CV_ERR_NOMEM if the OS refuses
 * memory, a process or a thread; err says which. options may be NULL.
 */
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

/* Step mode (see conveyor/step.h). */
/* Where step mode stands; choices (worker_count entries, may be NULL) is
 * filled in phase CV_STEP_WAITING. */
cv_step_phase cv_engine_step_look(cv_engine *engine, cv_step_choice *choices);

/* Let worker take its next step. CV_ERR_USAGE (err says why, naming the
 * worker and its operation) if it cannot advance, or no step can be taken
 * now (not in step mode, a step still under way). */
cv_status cv_engine_step(cv_engine *engine, uint32_t worker, cv_error *err);

/* End step mode: every worker runs freely from its gate on. */
void cv_engine_step_run_freely(cv_engine *engine);

/* Replay steps (kept by the engine) as soon as each can be taken; path
 * names the schedule in messages. A step that does not fit (its worker is at
 * another operation, or cannot advance) stops the run, outcome failed, with
 * "PATH:LINE: …" as its explanation. After the last step, with
 * then_in_order, the first lane that can advance takes each next step, so
 * a replay always ends the same way; without it the engine waits for
 * cv_engine_step. CV_ERR_NOMEM if the copy cannot be made. */
cv_status cv_engine_step_replay(cv_engine *engine, const cv_step_record *steps, size_t count,
                                const char *path, bool then_in_order, cv_error *err);

/* The steps taken so far, in order (replayed ones too); valid until the next
 * step or cv_engine_destroy. */
const cv_step_record *cv_engine_steps_taken(const cv_engine *engine, size_t *count);

/* How many steps of a replay are still to come (0 without one). */
size_t cv_engine_steps_to_replay(const cv_engine *engine);

/* Iterations of the CPU work loop per microsecond on one idle core. Measured
 * once per process (the first call takes about 50 ms) and reused. */
double cv_calibrate_cpu(void);

#endif
