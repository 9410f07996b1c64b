/*
 * engine.c — a run's life cycle: lay out the region, start the workers, poll
 * (collect, reap, watch), stop, judge.
 *
 * The run's clock starts just before the first worker is requested, so each
 * lane begins with its spawn span and the difference between pthread_create
 * and fork() is there to see. Workers are not held at a barrier: a barrier
 * would hide the staggered start that the spawn-cost lesson is about.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buffer.h"
#include "clock.h"
#include "engine_internal.h"
#include "gil.h"
#include "ledger.h"

/* Rings hold what a worker records between two polls; 256 Ki events is over
 * a quarter of a second of a worker doing nothing but put and get. Rings
 * share a 64 MB budget down to 16 Ki events (256 KB) each, which 1024
 * workers exceed (256 MB, touched only as it is written): a few running
 * workers can take nearly every item while the rest sleep, and with 4 Ki
 * events the busiest rings overflowed between two polls (1024 threads,
 * 50 000 items: 20-50 k events dropped). */
#define RING_BUDGET_BYTES (64u * 1024 * 1024)
#define RING_MAX_EVENTS (1u << 18)
#define RING_MIN_EVENTS (1u << 14)
#define POLL_SLEEP_NS 2000000
#define COLLECT_WHILE_STARTING_NS 1000000
/* After asking workers to stop, how long before processes are killed: a
 * healthy worker answers within one wait slice (20 ms); one that cannot (say
 * it was stopped with SIGSTOP) must not hold the run past a second. */
#define STOP_GRACE_NS 700000000

static uint32_t ring_capacity_for(const cv_engine_options *options, uint32_t workers)
{
    if (options->ring_events >= 2 && (options->ring_events & (options->ring_events - 1)) == 0)
        return options->ring_events;
    uint32_t capacity = RING_MAX_EVENTS;
    while (capacity > RING_MIN_EVENTS &&
           (uint64_t)capacity * sizeof(cv_event) * workers > RING_BUDGET_BYTES)
        capacity /= 2;
    return capacity;
}

/* The loader's own rules, for scenarios built or edited in code (the
 * window's + and T keys, tests, benchmarks). */
static cv_status check_scenario(const cv_scenario *scenario, cv_error *err)
{
    cv_diagnostics diag;
    if (cv_scenario_validate(scenario, &diag) == CV_OK)
        return CV_OK;
    const cv_error *first = &diag.items[0];
    return cv_fail(err, CV_ERR_SCENARIO, first->file, first->line, "%s", first->message);
}

static void name_lanes(cv_engine *engine)
{
    const cv_scenario *scenario = &engine->scenario;
    uint32_t lane = 0;
    for (int role = CV_ROLE_PRODUCER; role <= CV_ROLE_CONSUMER; role++) {
        uint32_t unnamed = 0;
        for (uint32_t g = 0; g < scenario->group_count; g++) {
            const cv_group *group = &scenario->groups[g];
            if ((int)group->role != role)
                continue;
            for (uint32_t k = 0; k < group->count; k++, lane++) {
                cv_lane_info *info = &engine->trace.lanes[lane];
                if (group->name[0])
                    snprintf(info->name, sizeof info->name, "%.50s%u", group->name, k);
                else
                    snprintf(info->name, sizeof info->name, "%c%u",
                             role == CV_ROLE_PRODUCER ? 'P' : 'C', unnamed++);
                info->role = (cv_role)role;
                info->group = g;
                cv_worker_slot *slot = cv_region_worker(engine->control, lane);
                slot->index = lane;
                slot->role = (uint32_t)role;
                slot->group = g;
                slot->gil = engine->scenario.backend == CV_BACKEND_PROCESSES ? lane : 0;
                snprintf(engine->summaries[lane].name, sizeof engine->summaries[lane].name, "%s",
                         info->name);
                engine->summaries[lane].role = (cv_role)role;
            }
        }
    }
}

static cv_status allocate_parent_side(cv_engine *engine, cv_error *err)
{
    uint32_t n = engine->worker_count;
    engine->summaries = calloc(n, sizeof *engine->summaries);
    engine->threads = calloc(n, sizeof *engine->threads);
    engine->pids = calloc(n, sizeof *engine->pids);
    engine->reaped = calloc(n, sizeof *engine->reaped);
    if (!engine->summaries || !engine->threads || !engine->pids || !engine->reaped)
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for %u workers", n);
    return cv_trace_init(&engine->trace, n, err);
}

static cv_status set_up_region(cv_engine *engine, cv_error *err)
{
    const cv_scenario *scenario = &engine->scenario;
    bool processes = scenario->backend == CV_BACKEND_PROCESSES;
    cv_region_shape shape = {
        .worker_count = engine->worker_count,
        .buffer_slots = scenario->buffer_slots,
        .gil_count = scenario->gil ? (processes ? engine->worker_count : 1) : 0,
        .ledger_items = scenario->items,
        .ring_capacity = ring_capacity_for(&engine->options, engine->worker_count),
    };
    cv_status status = cv_region_create(&shape, processes, &engine->region, err);
    if (status != CV_OK)
        return status;
    cv_control *control = cv_region_control(&engine->region);
    engine->control = control;
    control->items_target = scenario->items;
    control->duration_ns = scenario->duration_ns;
    control->traced = !engine->options.untraced;
    control->spin_ns = engine->options.spin_ns == 0  ? CV_DEFAULT_SPIN_NS
                       : engine->options.spin_ns < 0 ? 0
                                                     : engine->options.spin_ns;
    for (uint32_t g = 0; g < scenario->group_count; g++) {
        if (scenario->groups[g].role == CV_ROLE_PRODUCER)
            control->producer_count += scenario->groups[g].count;
        else
            control->consumer_count += scenario->groups[g].count;
    }
    atomic_store(&control->producers_alive, control->producer_count);
    status = cv_buffer_init(control, scenario->sync, err);
    if (status != CV_OK)
        return status;
    engine->buffer_ready = true;
    for (uint32_t i = 0; i < shape.gil_count; i++) {
        status = cv_gil_init(cv_region_gil(control, i), processes, err);
        if (status != CV_OK)
            return status;
        engine->gils_ready++;
    }
    return CV_OK;
}

void cv_engine_mark_spawn(cv_engine *engine, uint32_t index)
{
    cv_worker_slot *slot = cv_region_worker(engine->control, index);
    slot->spawn_request_ns = cv_engine_now_ns(engine);
    atomic_store(&slot->state, CV_STATE_SPAWN);
    atomic_store(&slot->state_since_ns, slot->spawn_request_ns);
    if (engine->control->traced)
        cv_ring_push(cv_region_ring(engine->control, index),
                     cv_event_make(slot->spawn_request_ns, CV_STATE_SPAWN, 0, 0));
}

static void fail_run(cv_engine *engine, const cv_error *error);

static cv_status start_workers(cv_engine *engine, cv_error *err)
{
    engine->control->tsc = cv_tsc_calibrate();
    engine->control->start_mono_ns = cv_mono_ns();
    atomic_store(&engine->control->starting, 1);
    /* Starting 256 processes takes over 100 ms, and the first workers are
     * busy meanwhile: collect as we go, or their rings overflow. */
    int64_t collected_ns = cv_mono_ns();
    for (uint32_t i = 0; i < engine->worker_count; i++) {
        cv_status status = engine->scenario.backend == CV_BACKEND_PROCESSES
                               ? cv_procs_start_worker(engine, i, err)
                               : cv_threads_start_worker(engine, i, err);
        if (status != CV_OK)
            return status;
        engine->started++;
        if (engine->pending_outcome == CV_OUTCOME_RUNNING &&
            cv_mono_ns() - collected_ns >= COLLECT_WHILE_STARTING_NS) {
            cv_error error;
            if (cv_collector_drain(engine, &error) != CV_OK)
                fail_run(engine, &error); /* as in a poll: the run stops and says why */
            collected_ns = cv_mono_ns();
        }
    }
    atomic_store(&engine->control->starting, 0);
    return CV_OK;
}

cv_status cv_engine_start(const cv_scenario *scenario, const cv_engine_options *options,
                          cv_engine **out, cv_error *err)
{
    *out = NULL;
    cv_status status = check_scenario(scenario, err);
    if (status != CV_OK)
        return status;
    cv_engine *engine = calloc(1, sizeof *engine);
    if (!engine)
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory starting the engine");
    engine->scenario = *scenario;
    if (options)
        engine->options = *options;
    engine->worker_count = cv_scenario_worker_count(scenario);
    engine->iterations_per_us = cv_calibrate_cpu();
    engine->result.backend = scenario->backend;
    engine->result.lock_holder = CV_NO_WORKER;
    engine->pending_outcome = CV_OUTCOME_RUNNING;

    status = allocate_parent_side(engine, err);
    if (status == CV_OK)
        status = set_up_region(engine, err);
    if (status != CV_OK) {
        cv_engine_destroy(engine);
        return status;
    }
    name_lanes(engine);
    cv_collector_map_ahead(engine);
    snprintf(engine->trace.scenario, sizeof engine->trace.scenario, "%s", scenario->name);
    snprintf(engine->trace.description, sizeof engine->trace.description, "%s",
             scenario->description);
    engine->trace.backend = scenario->backend;
    engine->trace.buffer_slots = scenario->buffer_slots;
    engine->trace.parent_pid = getpid();
    engine->trace.outcome = CV_OUTCOME_RUNNING;
    engine->running = true;

    status = start_workers(engine, err);
    if (status != CV_OK) {
        /* Stop and reap those already started before reporting. */
        cv_engine_destroy(engine);
        return status;
    }
    *out = engine;
    return CV_OK;
}

int64_t cv_engine_now_ns(const cv_engine *engine)
{
    cv_control *control = engine->control;
    int64_t now = cv_mono_ns();
    int64_t paused = atomic_load(&control->paused_total_ns);
    if (atomic_load(&control->paused))
        paused += now - atomic_load(&control->pause_started_mono_ns);
    return now - control->start_mono_ns - paused;
}

void cv_engine_request_stop(cv_engine *engine)
{
    atomic_store(&engine->stop_requested, 1);
    if (engine->control)
        atomic_store(&engine->control->stop, 1);
}

void cv_engine_set_paused(cv_engine *engine, bool paused)
{
    cv_control *control = engine->control;
    if (!engine->running || paused == (atomic_load(&control->paused) != 0))
        return;
    if (paused) {
        atomic_store(&control->pause_started_mono_ns, cv_mono_ns());
        atomic_store(&control->paused, 1);
    } else {
        int64_t held = cv_mono_ns() - atomic_load(&control->pause_started_mono_ns);
        atomic_fetch_add(&control->paused_total_ns, held);
        atomic_store(&control->paused, 0);
    }
}

bool cv_engine_paused(const cv_engine *engine)
{
    return engine->running && atomic_load(&engine->control->paused) != 0;
}

const cv_trace *cv_engine_trace(const cv_engine *engine)
{
    return &engine->trace;
}

const cv_run_result *cv_engine_result(const cv_engine *engine)
{
    return &engine->result;
}

const cv_scenario *cv_engine_scenario(const cv_engine *engine)
{
    return &engine->scenario;
}

void cv_engine_progress(const cv_engine *engine, uint64_t *produced, uint64_t *consumed,
                        uint32_t *buffer_fill)
{
    cv_control *control = engine->control;
    if (produced)
        *produced = atomic_load(&control->items_put);
    if (consumed)
        *consumed = atomic_load(&control->items_got);
    if (buffer_fill)
        *buffer_fill = atomic_load(&control->count);
}

/* Decide why the run is ending, if it is, and tell the workers. */
static void begin_stop(cv_engine *engine, cv_outcome outcome)
{
    if (engine->pending_outcome == CV_OUTCOME_RUNNING)
        engine->pending_outcome = outcome;
    if (engine->stop_mono_ns == 0)
        engine->stop_mono_ns = cv_mono_ns();
    atomic_store(&engine->control->stop, 1);
}

static bool all_workers_ended(cv_engine *engine)
{
    if (engine->scenario.backend == CV_BACKEND_PROCESSES) {
        if (cv_procs_reap(engine))
            begin_stop(engine, CV_OUTCOME_WORKER_DIED);
        if (engine->stop_mono_ns && cv_mono_ns() - engine->stop_mono_ns > STOP_GRACE_NS)
            cv_procs_kill_all(engine);
        return cv_procs_all_reaped(engine);
    }
    if (!cv_threads_all_finished(engine))
        return false;
    cv_threads_join_all(engine);
    engine->started = 0; /* joined: nothing left to join */
    return true;
}

static void summarise_workers(cv_engine *engine)
{
    cv_control *control = engine->control;
    for (uint32_t i = 0; i < engine->worker_count; i++) {
        cv_worker_slot *slot = cv_region_worker(control, i);
        cv_worker_summary *summary = &engine->summaries[i];
        summary->os_id = atomic_load(&slot->os_id);
        engine->trace.lanes[i].os_id = summary->os_id;
        summary->items = atomic_load(&slot->items);
        int64_t first = atomic_load(&slot->first_instruction_ns);
        summary->spawn_ns = first > 0 ? first - slot->spawn_request_ns : 0;
        memcpy(summary->state_ns, slot->state_ns, sizeof summary->state_ns);
    }
}

static void judge(cv_engine *engine)
{
    cv_control *control = engine->control;
    cv_run_result *result = &engine->result;
    result->items_produced = atomic_load(&control->items_put);
    result->items_consumed = atomic_load(&control->items_got);
    result->leftover_items = result->items_produced > result->items_consumed
                                 ? result->items_produced - result->items_consumed
                                 : 0;
    uint64_t made = atomic_load(&control->produce_claimed);
    cv_ledger_report ledger;
    cv_ledger_check(control, made, result->leftover_items, &ledger);
    result->ledger_ok = ledger.ok;
    result->lost_count = ledger.lost_count;
    result->duplicated_count = ledger.duplicated_count;
    memcpy(result->lost_ids, ledger.lost_ids, sizeof result->lost_ids);
    memcpy(result->duplicated_ids, ledger.duplicated_ids, sizeof result->duplicated_ids);
    result->dropped_events = engine->trace.dropped_events;
    result->calibration_iterations_per_us = engine->iterations_per_us;
    int64_t elapsed = cv_engine_now_ns(engine);
    result->elapsed_s = (double)elapsed / 1e9;
    result->worker_count = engine->worker_count;
    result->workers = engine->summaries;
    if (engine->pending_outcome != CV_OUTCOME_RUNNING)
        result->outcome = engine->pending_outcome;
    else if (!ledger.ok)
        result->outcome = CV_OUTCOME_LEDGER_VIOLATION;
    else if (result->leftover_items > 0)
        result->outcome = CV_OUTCOME_FAILED;
    else
        result->outcome = CV_OUTCOME_COMPLETED;
    if (result->outcome == CV_OUTCOME_LEDGER_VIOLATION && result->explanation[0] == '\0')
        snprintf(result->explanation, sizeof result->explanation,
                 "%llu item(s) lost and %llu duplicated: the buffer was used without its lock",
                 (unsigned long long)ledger.lost_count,
                 (unsigned long long)ledger.duplicated_count);
    engine->trace.finished = true;
    engine->trace.outcome = result->outcome;
    if (elapsed > engine->trace.end_ns)
        engine->trace.end_ns = elapsed;
}

static void fail_run(cv_engine *engine, const cv_error *error)
{
    snprintf(engine->result.explanation, sizeof engine->result.explanation, "%s", error->message);
    begin_stop(engine, CV_OUTCOME_FAILED);
}

/* Lane labels show tids/pids as soon as each worker has published its own. */
static void publish_os_ids(cv_engine *engine)
{
    for (uint32_t i = 0; i < engine->started; i++) {
        cv_lane_info *lane = &engine->trace.lanes[i];
        if (lane->os_id == 0)
            lane->os_id = atomic_load(&cv_region_worker(engine->control, i)->os_id);
    }
}

bool cv_engine_poll(cv_engine *engine)
{
    if (!engine->running)
        return false;
    publish_os_ids(engine);
    cv_error error;
    if (cv_collector_drain(engine, &error) != CV_OK)
        fail_run(engine, &error);
    if (atomic_load(&engine->stop_requested))
        begin_stop(engine, CV_OUTCOME_STOPPED);
    if (engine->pending_outcome == CV_OUTCOME_RUNNING && cv_watchdog_check(engine))
        begin_stop(engine, CV_OUTCOME_DEADLOCK);
    if (!all_workers_ended(engine)) {
        int64_t now = cv_engine_now_ns(engine);
        if (now > engine->trace.end_ns)
            engine->trace.end_ns = now;
        return true;
    }
    if (cv_collector_drain(engine, &error) != CV_OK &&
        engine->pending_outcome == CV_OUTCOME_RUNNING)
        fail_run(engine, &error);
    summarise_workers(engine);
    judge(engine);
    engine->running = false;
    return false;
}

void cv_engine_run_to_end(cv_engine *engine)
{
    while (cv_engine_poll(engine))
        cv_sleep_ns(POLL_SLEEP_NS);
}

void cv_engine_destroy(cv_engine *engine)
{
    if (!engine)
        return;
    if (engine->control && engine->started > 0 && engine->running) {
        cv_engine_request_stop(engine);
        cv_engine_set_paused(engine, false);
        cv_engine_run_to_end(engine);
    }
    if (engine->control) {
        for (uint32_t i = 0; i < engine->gils_ready; i++)
            cv_gil_destroy(cv_region_gil(engine->control, i));
        if (engine->buffer_ready)
            cv_buffer_destroy(engine->control, engine->scenario.sync);
    }
    cv_region_destroy(&engine->region);
    cv_trace_free(&engine->trace);
    free(engine->summaries);
    free(engine->threads);
    free(engine->pids);
    free(engine->reaped);
    free(engine);
}
