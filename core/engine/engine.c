/*
 * engine.c — a run's life cycle: lay out the region, start the workers, poll
 * (collect, reap, watch), stop, judge.
 *
 * The run's clock starts just before the first worker is requested, so each
 * lane begins with its spawn span and the difference between pthread_create
 * and fork() is there to see. Workers are not held at a barrier: a barrier
 * would hide the staggered start that the spawn-cost lesson is about.
 */
#include "conveyor/engine.h"

#include <assert.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backend.h"
#include "buffer.h"
#include "clock.h"
#include "collector.h"
#include "engine_tuning.h"
#include "fault.h"
#include "gate.h"
#include "gil.h"
#include "ledger.h"
#include "machine.h"
#include "stepper.h"
#include "watchdog.h"
#include "worker.h"

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

/* Everything here lives in the parent only. */
struct cv_engine {
    cv_scenario scenario;
    cv_engine_options options;
    cv_engine_tuning tuning;
    cv_region region;
    cv_control *control;
    double iterations_per_us;
    uint32_t worker_count;
    uint32_t started; /* workers successfully started */
    bool buffer_ready;
    uint32_t gils_ready;

    /* Backends: one of these is used. */
    pthread_t *threads;
    cv_procs procs;
    cv_worker_death *deaths; /* room for every worker, for cv_procs_reap */

    cv_trace trace;
    cv_watchdog watchdog;
    cv_machine_watch machine_watch; /* the run's cores as the start saw them */

    cv_run_result result;
    cv_worker_summary *summaries;

    bool running;
    _Atomic int stop_requested; /* set from signal handlers */
    cv_outcome pending_outcome; /* decided before the end: deadlock, died, failed */
    int64_t stop_mono_ns;       /* when we asked workers to stop */

    /* Step mode (stepper.c): what each worker would do, the steps taken,
     * and a schedule being replayed. */
    cv_step_choice *choices;
    cv_step_record *taken;
    size_t taken_count, taken_capacity;
    cv_step_record *replay;
    size_t replay_count, replay_next;
    char replay_path[4096];
    bool replay_then_in_order;
};

static uint32_t ring_capacity_for(const cv_engine_tuning *tuning, uint32_t workers)
{
    if (tuning->ring_events >= 2 && (tuning->ring_events & (tuning->ring_events - 1)) == 0)
        return tuning->ring_events;
    uint32_t capacity = RING_MAX_EVENTS;
    while (capacity > RING_MIN_EVENTS &&
           (uint64_t)capacity * sizeof(cv_event) * workers > RING_BUDGET_BYTES)
        capacity /= 2;
    return capacity;
}

/* The scenario's rules are the loader's (cv_scenario_validate, in the
 * scenario library, which the engine does not link). These are only the
 * limits the region's layout relies on. */
static cv_status check_shape(const cv_scenario *scenario, cv_error *err)
{
    uint32_t producers = 0, consumers = 0;
    if (scenario->group_count > CV_MAX_GROUPS)
        return cv_fail(err, CV_ERR_USAGE, scenario->path, 0, "more than %d groups", CV_MAX_GROUPS);
    for (uint32_t g = 0; g < scenario->group_count; g++) {
        const cv_group *group = &scenario->groups[g];
        if (group->step_count > CV_MAX_STEPS)
            return cv_fail(err, CV_ERR_USAGE, scenario->path, group->line,
                           "more than %d work steps", CV_MAX_STEPS);
        *(group->role == CV_ROLE_PRODUCER ? &producers : &consumers) += group->count;
    }
    uint32_t limit = scenario->backend == CV_BACKEND_PROCESSES ? CV_MAX_WORKERS_PROCESSES
                                                               : CV_MAX_WORKERS_THREADS;
    if (producers == 0 || consumers == 0 || producers + consumers > limit)
        return cv_fail(err, CV_ERR_USAGE, scenario->path, 0,
                       "a run needs 1 to %u workers, at least one producer and one consumer "
                       "(this one has %u and %u)",
                       limit, producers, consumers);
    if (scenario->buffer_slots == 0 || scenario->buffer_slots > CV_MAX_BUFFER_SLOTS ||
        scenario->items > CV_MAX_ITEMS)
        return cv_fail(err, CV_ERR_USAGE, scenario->path, 0,
                       "buffer of %u slots or %llu items out of range", scenario->buffer_slots,
                       (unsigned long long)scenario->items);
    return CV_OK;
}

static cv_status name_lanes(cv_engine *engine, cv_error *err)
{
    const cv_scenario *scenario = &engine->scenario;
    char(*names)[CV_LANE_NAME_MAX] = calloc(engine->worker_count, sizeof *names);
    if (!names)
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory naming %u lanes",
                       engine->worker_count);
    cv_scenario_lane_names(scenario, names);
    uint32_t lane = 0;
    for (int role = CV_ROLE_PRODUCER; role <= CV_ROLE_CONSUMER; role++) {
        for (uint32_t g = 0; g < scenario->group_count; g++) {
            const cv_group *group = &scenario->groups[g];
            if ((int)group->role != role)
                continue;
            for (uint32_t k = 0; k < group->count; k++, lane++) {
                cv_lane_info *info = &engine->trace.lanes[lane];
                snprintf(info->name, sizeof info->name, "%s", names[lane]);
                info->role = (cv_role)role;
                info->group = g;
                cv_worker_slot *slot = cv_region_worker(engine->control, lane);
                slot->index = lane;
                assert(slot->index < engine->worker_count);
                slot->role = (uint32_t)role;
                slot->group = g;
                slot->gil = engine->scenario.backend == CV_BACKEND_PROCESSES ? lane : 0;
                snprintf(engine->summaries[lane].name, sizeof engine->summaries[lane].name, "%s",
                         info->name);
                engine->summaries[lane].role = (cv_role)role;
            }
        }
    }
    free(names);
    return CV_OK;
}

static cv_status allocate_parent_side(cv_engine *engine, cv_error *err)
{
    uint32_t n = engine->worker_count;
    engine->summaries = calloc(n, sizeof *engine->summaries);
    engine->threads = calloc(n, sizeof *engine->threads);
    engine->procs.pids = calloc(n, sizeof *engine->procs.pids);
    engine->procs.reaped = calloc(n, sizeof *engine->procs.reaped);
    engine->deaths = calloc(n, sizeof *engine->deaths);
    engine->choices = calloc(n, sizeof *engine->choices);
    if (!engine->summaries || !engine->threads || !engine->procs.pids || !engine->procs.reaped ||
        !engine->deaths || !engine->choices)
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for %u workers", n);
    return cv_trace_init(&engine->trace, n, err);
}

static cv_status set_up_region(cv_engine *engine, cv_error *err)
{
    const cv_scenario *scenario = &engine->scenario;
    bool processes = scenario->backend == CV_BACKEND_PROCESSES;
    cv_region_shape shape = {
        .worker_count = engine->worker_count,
        .worker_bytes = sizeof(cv_worker_slot),
        .buffer_slots = scenario->buffer_slots,
        .gil_count = scenario->gil ? (processes ? engine->worker_count : 1) : 0,
        .gil_bytes = sizeof(cv_gil),
        .ledger_items = scenario->items,
        .ring_capacity = ring_capacity_for(&engine->tuning, engine->worker_count),
    };
    cv_status status = cv_region_create(&shape, processes, &engine->region, err);
    if (status != CV_OK)
        return status;
    cv_control *control = cv_region_control(&engine->region);
    engine->control = control;
    control->items_target = scenario->items;
    control->duration_ns = scenario->duration_ns;
    control->traced = !engine->options.untraced;
    control->spin_ns = engine->tuning.spin_ns == 0  ? CV_DEFAULT_SPIN_NS
                       : engine->tuning.spin_ns < 0 ? 0
                                                    : engine->tuning.spin_ns;
    for (uint32_t g = 0; g < scenario->group_count; g++) {
        if (scenario->groups[g].role == CV_ROLE_PRODUCER)
            control->producer_count += scenario->groups[g].count;
        else
            control->consumer_count += scenario->groups[g].count;
    }
    atomic_store(&control->buffer.producers_alive, control->producer_count);
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

static cv_status drain_rings(cv_engine *engine, cv_error *err)
{
    cv_ring_array rings = cv_region_rings(engine->control);
    return cv_collect_rings(&rings, &engine->trace, err);
}

/*
 * A lane records one put or get per item it handles, and a state change into
 * and out of each I/O step: share * (1 + 2 * I/O steps), a quarter more for
 * waits and an uneven share. What is not foreseen (a long wait-heavy run)
 * is mapped as it comes.
 */
static uint64_t expected_events(void *context, uint32_t lane)
{
    const cv_engine *engine = context;
    const cv_scenario *scenario = &engine->scenario;
    const cv_lane_info *info = &engine->trace.lanes[lane];
    const cv_control *control = engine->control;
    uint32_t side =
        info->role == CV_ROLE_PRODUCER ? control->producer_count : control->consumer_count;
    const cv_group *group = &scenario->groups[info->group];
    uint64_t share = scenario->items / (side ? side : 1);
    uint64_t per_item = 1;
    for (uint32_t s = 0; s < group->step_count; s++)
        per_item += group->steps[s].kind == CV_STEP_IO ? 2 : 0;
    return share * per_item / 4 * 5 + 256;
}

/* Before the workers start, map the trace memory the run is expected to
 * fill (best effort, bounded by trace_reserve_bytes). */
static void map_trace_ahead(cv_engine *engine)
{
    int64_t limit = engine->tuning.trace_reserve_bytes;
    if (limit < 0 || engine->options.untraced)
        return;
    uint64_t budget = limit ? (uint64_t)limit : CV_DEFAULT_TRACE_RESERVE_BYTES;
    cv_collector_map_ahead(&engine->trace, expected_events, engine, budget);
}

static void fail_run(cv_engine *engine, const cv_error *error);

static cv_status start_workers(cv_engine *engine, cv_error *err)
{
    cv_run_clock_start(&engine->control->clock);
    atomic_store(&engine->control->starting, 1);
    cv_launch launch = {engine->control, &engine->scenario, engine->iterations_per_us};
    /* Starting 256 processes takes over 100 ms, and the first workers are
     * busy meanwhile: collect as we go, or their rings overflow. */
    int64_t collected_ns = cv_mono_ns();
    for (uint32_t i = 0; i < engine->worker_count; i++) {
        cv_status status = engine->scenario.backend == CV_BACKEND_PROCESSES
                               ? cv_procs_start_worker(&engine->procs, &launch, i, err)
                               : cv_threads_start_worker(&launch, i, &engine->threads[i], err);
        if (status != CV_OK)
            return status;
        engine->started++;
        if (engine->pending_outcome == CV_OUTCOME_RUNNING &&
            cv_mono_ns() - collected_ns >= COLLECT_WHILE_STARTING_NS) {
            cv_error error;
            if (drain_rings(engine, &error) != CV_OK)
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
    cv_engine_tuning tuning = {.ring_events = cv_fault_ring_events()};
    return cv_engine_start_tuned(scenario, options, &tuning, out, err);
}

cv_status cv_engine_start_tuned(const cv_scenario *scenario, const cv_engine_options *options,
                                const cv_engine_tuning *tuning, cv_engine **out, cv_error *err)
{
    *out = NULL;
    cv_status status = check_shape(scenario, err);
    if (status != CV_OK)
        return status;
    cv_engine *engine = calloc(1, sizeof *engine);
    if (!engine)
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory starting the engine");
    engine->scenario = *scenario;
    if (options)
        engine->options = *options;
    if (tuning)
        engine->tuning = *tuning;
    engine->worker_count = cv_scenario_worker_count(scenario);
    engine->iterations_per_us = cv_calibrate_cpu();
    engine->result.backend = scenario->backend;
    engine->result.lock_holder = CV_NO_WORKER;
    engine->pending_outcome = CV_OUTCOME_RUNNING;

    status = allocate_parent_side(engine, err);
    if (status == CV_OK)
        status = set_up_region(engine, err);
    if (status == CV_OK)
        status = name_lanes(engine, err);
    if (status != CV_OK) {
        cv_engine_destroy(engine);
        return status;
    }
    map_trace_ahead(engine);
    engine->watchdog.timeout_ns = scenario->deadlock_timeout_ns;
    engine->watchdog.sync = scenario->sync;
    snprintf(engine->trace.scenario, sizeof engine->trace.scenario, "%s", scenario->name);
    snprintf(engine->trace.description, sizeof engine->trace.description, "%s",
             scenario->description);
    engine->trace.backend = scenario->backend;
    engine->trace.buffer_slots = scenario->buffer_slots;
    engine->trace.mode_known = true;
    engine->trace.sync = scenario->sync;
    engine->trace.gil = scenario->gil;
    engine->trace.parent_pid = getpid();
    engine->trace.outcome = CV_OUTCOME_RUNNING;
    cv_machine_observe(scenario->cores, &engine->trace.machine, &engine->control->cores_set,
                       &engine->control->cores_limited, &engine->machine_watch);
    engine->running = true;
    if (engine->options.step)
        cv_gate_begin_stepping(engine->control);

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
    return cv_run_clock_now(&engine->control->clock);
}

void cv_engine_request_stop(cv_engine *engine)
{
    atomic_store(&engine->stop_requested, 1);
    if (engine->control) {
        atomic_store(&engine->control->stop, 1);
        cv_gate_wake_all(engine->control);
    }
}

void cv_engine_set_paused(cv_engine *engine, bool paused)
{
    if (engine->running)
        cv_run_clock_set_paused(&engine->control->clock, paused);
}

bool cv_engine_paused(const cv_engine *engine)
{
    return engine->running && cv_run_clock_paused(&engine->control->clock);
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
        *produced = atomic_load(&control->buffer.items_put);
    if (consumed)
        *consumed = atomic_load(&control->buffer.items_got);
    if (buffer_fill)
        *buffer_fill = atomic_load(&control->buffer.count);
}

/* Decide why the run is ending, if it is, and tell the workers. */
static void begin_stop(cv_engine *engine, cv_outcome outcome)
{
    if (engine->pending_outcome == CV_OUTCOME_RUNNING)
        engine->pending_outcome = outcome;
    if (engine->stop_mono_ns == 0)
        engine->stop_mono_ns = cv_mono_ns();
    atomic_store(&engine->control->stop, 1);
    /* Gates first: a held worker may hold the condvar mutex that waking the
     * condition sleepers takes. */
    cv_gate_wake_all(engine->control);
    cv_buffer_wake_sleepers(engine->control, engine->scenario.sync);
}

/* A worker process that ended abnormally: its summary, and the run's
 * explanation if nothing has explained the run yet. */
static void describe_death(cv_engine *engine, const cv_worker_death *death)
{
    cv_worker_summary *summary = &engine->summaries[death->index];
    int status = death->wait_status;
    summary->died = true;
    char how[128];
    if (WIFSIGNALED(status)) {
        summary->exit_signal = WTERMSIG(status);
        snprintf(how, sizeof how, "was killed by signal %d (%s)", WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
    } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
        summary->exit_code = WEXITSTATUS(status);
        snprintf(how, sizeof how, "exited with status %d", WEXITSTATUS(status));
    } else {
        snprintf(how, sizeof how, "ended before finishing its work");
    }
    if (engine->result.explanation[0] == '\0') {
        snprintf(engine->result.explanation, sizeof engine->result.explanation,
                 "worker %s (pid %ld) %s", engine->trace.lanes[death->index].name, (long)death->pid,
                 how);
    }
}

static bool all_workers_ended(cv_engine *engine)
{
    if (engine->scenario.backend == CV_BACKEND_PROCESSES) {
        uint32_t deaths =
            cv_procs_reap(&engine->procs, engine->control, engine->started, engine->deaths);
        bool unexpected = false;
        for (uint32_t i = 0; i < deaths; i++) {
            describe_death(engine, &engine->deaths[i]);
            unexpected = unexpected || engine->deaths[i].unexpected;
        }
        if (unexpected)
            begin_stop(engine, CV_OUTCOME_WORKER_DIED);
        if (engine->stop_mono_ns && cv_mono_ns() - engine->stop_mono_ns > STOP_GRACE_NS)
            cv_procs_kill_all(&engine->procs, engine->started);
        return cv_procs_all_reaped(&engine->procs, engine->started);
    }
    if (!cv_threads_all_finished(engine->control, engine->started))
        return false;
    cv_threads_join_all(engine->threads, engine->started);
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
        memcpy(summary->state_ns, slot->probe.state_ns, sizeof summary->state_ns);
        /* A worker that never reached done (killed, or killed after the stop
         * grace) left its last state open: it lasts to the run's end, as the
         * lanes draw it. */
        cv_state open_state = (cv_state)atomic_load(&slot->probe.state);
        int64_t since = atomic_load(&slot->probe.state_since_ns);
        if (open_state != CV_STATE_DONE && open_state < CV_STATE_COUNT &&
            engine->trace.end_ns > since)
            summary->state_ns[open_state] += engine->trace.end_ns - since;
    }
}

static void judge(cv_engine *engine)
{
    cv_control *control = engine->control;
    cv_run_result *result = &engine->result;
    result->items_produced = atomic_load(&control->buffer.items_put);
    result->items_consumed = atomic_load(&control->buffer.items_got);
    result->leftover_items = cv_buffer_items_left(control);
    uint64_t made = atomic_load(&control->buffer.produce_claimed);
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
    /* Step mode holds workers as `ready` while the student chooses: that is
     * not a busy machine, so the run is not judged for it. */
    if (!engine->options.step)
        cv_machine_judge(&engine->trace.machine, &engine->machine_watch, engine->summaries,
                         engine->worker_count, elapsed);
    else /* Said in the picture: a headless PNG of a schedule has no step banner. */
        snprintf(engine->trace.machine.note, sizeof engine->trace.machine.note,
                 "stepped run: a worker held for its turn is drawn ready (waiting for the "
                 "student, not for a core)");
    result->machine = engine->trace.machine;
    if (engine->pending_outcome != CV_OUTCOME_RUNNING)
        result->outcome = engine->pending_outcome;
    else if (!ledger.ok)
        result->outcome = CV_OUTCOME_LEDGER_VIOLATION;
    else if (result->leftover_items > 0)
        result->outcome = CV_OUTCOME_FAILED;
    else
        result->outcome = CV_OUTCOME_COMPLETED;
    if (result->outcome == CV_OUTCOME_LEDGER_VIOLATION && result->explanation[0] == '\0' &&
        !cv_buffer_explain_misuse(control, engine->trace.lanes, result->explanation,
                                  sizeof result->explanation))
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

static void watch_for_deadlock(cv_engine *engine)
{
    cv_deadlock_verdict verdict;
    if (!cv_watchdog_check(&engine->watchdog, engine->control, engine->started,
                           cv_engine_now_ns(engine), engine->trace.lanes, &verdict))
        return;
    engine->result.lock_holder = verdict.lock_holder;
    snprintf(engine->result.explanation, sizeof engine->result.explanation, "%s",
             verdict.explanation);
    begin_stop(engine,
               verdict.kind == CV_VERDICT_DEADLOCK ? CV_OUTCOME_DEADLOCK : CV_OUTCOME_FAILED);
}

static cv_status record_step(cv_engine *engine, uint32_t worker, cv_step_op op, uint32_t line,
                             cv_error *err)
{
    if (engine->taken_count == engine->taken_capacity) {
        size_t capacity = engine->taken_capacity ? engine->taken_capacity * 2 : 256;
        cv_step_record *grown = realloc(engine->taken, capacity * sizeof *grown);
        if (!grown)
            return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory recording step %zu",
                           engine->taken_count + 1);
        engine->taken = grown;
        engine->taken_capacity = capacity;
    }
    engine->taken[engine->taken_count++] = (cv_step_record){worker, op, line};
    return CV_OK;
}

cv_step_phase cv_engine_step_look(cv_engine *engine, cv_step_choice *choices)
{
    if (!engine->running || engine->pending_outcome != CV_OUTCOME_RUNNING)
        return CV_STEP_OFF;
    cv_step_phase phase = cv_stepper_look(engine->control, &engine->scenario, engine->started,
                                          engine->trace.lanes, engine->choices);
    if (phase == CV_STEP_WAITING && choices)
        memcpy(choices, engine->choices, engine->worker_count * sizeof *choices);
    return phase;
}

static cv_status take_step(cv_engine *engine, uint32_t worker, uint32_t line, cv_error *err)
{
    cv_step_op op = engine->choices[worker].op;
    cv_status status = record_step(engine, worker, op, line, err);
    if (status == CV_OK)
        cv_gate_open(engine->control, worker, CV_GATE_STEP);
    return status;
}

cv_status cv_engine_step(cv_engine *engine, uint32_t worker, cv_error *err)
{
    if (worker >= engine->worker_count)
        return cv_fail(err, CV_ERR_USAGE, "", 0, "no worker %u (the run has %u)", worker,
                       engine->worker_count);
    const char *name = engine->trace.lanes[worker].name;
    if (cv_engine_step_look(engine, NULL) != CV_STEP_WAITING)
        return cv_fail(err, CV_ERR_USAGE, "", 0, "%s cannot take a step now: %s", name,
                       atomic_load(&engine->control->step.gated) ? "a step is under way"
                                                                 : "not in step mode");
    const cv_step_choice *choice = &engine->choices[worker];
    if (choice->finished)
        return cv_fail(err, CV_ERR_USAGE, "", 0, "%s has ended", name);
    if (!choice->can_advance)
        return cv_fail(err, CV_ERR_USAGE, "", 0, "%s cannot %s: %s", name,
                       cv_step_op_name(choice->op), choice->why);
    return take_step(engine, worker, 0, err);
}

void cv_engine_step_run_freely(cv_engine *engine)
{
    if (!engine->running || !atomic_load(&engine->control->step.gated))
        return;
    cv_error ignored;
    record_step(engine, CV_STEP_RUN_FREELY, CV_STEP_NONE, 0, &ignored);
    cv_gate_release_all(engine->control);
}

cv_status cv_engine_step_replay(cv_engine *engine, const cv_step_record *steps, size_t count,
                                const char *path, bool then_in_order, cv_error *err)
{
    cv_step_record *copy = NULL;
    if (count > 0 && !(copy = malloc(count * sizeof *copy)))
        return cv_fail(err, CV_ERR_NOMEM, path, 0, "out of memory for %zu steps", count);
    if (count > 0)
        memcpy(copy, steps, count * sizeof *copy);
    free(engine->replay);
    engine->replay = copy;
    engine->replay_count = count;
    engine->replay_next = 0;
    engine->replay_then_in_order = then_in_order;
    snprintf(engine->replay_path, sizeof engine->replay_path, "%s", path);
    return CV_OK;
}

const cv_step_record *cv_engine_steps_taken(const cv_engine *engine, size_t *count)
{
    *count = engine->taken_count;
    return engine->taken;
}

size_t cv_engine_steps_to_replay(const cv_engine *engine)
{
    return engine->replay_count - engine->replay_next;
}

/* A schedule's step that does not fit: the run stops and says where. */
static void replay_misfit(cv_engine *engine, const cv_step_record *step, const char *what)
{
    snprintf(engine->result.explanation, sizeof engine->result.explanation,
             "%.400s:%u: the schedule no longer fits: %.500s", engine->replay_path, step->line,
             what);
    begin_stop(engine, CV_OUTCOME_FAILED);
}

static void replay_one(cv_engine *engine)
{
    const cv_step_record *step = &engine->replay[engine->replay_next++];
    char what[512];
    if (step->worker == CV_STEP_RUN_FREELY) {
        cv_engine_step_run_freely(engine);
        return;
    }
    if (step->worker >= engine->worker_count) {
        snprintf(what, sizeof what, "the run has no worker %u", step->worker);
        replay_misfit(engine, step, what);
        return;
    }
    const cv_step_choice *choice = &engine->choices[step->worker];
    const char *name = engine->trace.lanes[step->worker].name;
    if (choice->finished)
        snprintf(what, sizeof what, "%s has ended, it cannot %s", name, cv_step_op_name(step->op));
    else if (choice->op != step->op)
        snprintf(what, sizeof what, "%s's next step is `%s`, not `%s`", name,
                 cv_step_op_name(choice->op), cv_step_op_name(step->op));
    else if (!choice->can_advance)
        snprintf(what, sizeof what, "%s cannot %s: %s", name, cv_step_op_name(step->op),
                 choice->why);
    else {
        cv_error error;
        if (take_step(engine, step->worker, step->line, &error) != CV_OK)
            fail_run(engine, &error);
        return;
    }
    replay_misfit(engine, step, what);
}

/* Step mode, each poll: end the run at once if nobody can advance, and take
 * the schedule's next step (or, after it, the first that can go). */
static void drive_steps(cv_engine *engine)
{
    if (cv_engine_step_look(engine, NULL) != CV_STEP_WAITING)
        return;
    if (cv_stepper_stuck(engine->control, engine->choices)) {
        cv_stepper_explain_stuck(engine->control, engine->trace.lanes, engine->choices,
                                 engine->result.explanation, sizeof engine->result.explanation,
                                 &engine->result.lock_holder);
        begin_stop(engine, CV_OUTCOME_DEADLOCK);
        return;
    }
    if (engine->replay_next < engine->replay_count) {
        replay_one(engine);
        return;
    }
    if (!engine->replay_then_in_order)
        return;
    for (uint32_t i = 0; i < engine->worker_count; i++) {
        if (engine->choices[i].can_advance) {
            cv_error error;
            if (take_step(engine, i, 0, &error) != CV_OK)
                fail_run(engine, &error);
            return;
        }
    }
}

static bool stepping(const cv_engine *engine)
{
    return atomic_load(&engine->control->step.gated) != 0;
}

bool cv_engine_poll(cv_engine *engine)
{
    if (!engine->running)
        return false;
    publish_os_ids(engine);
    cv_error error;
    if (drain_rings(engine, &error) != CV_OK)
        fail_run(engine, &error);
    if (atomic_load(&engine->stop_requested))
        begin_stop(engine, CV_OUTCOME_STOPPED);
    if (engine->pending_outcome == CV_OUTCOME_RUNNING && stepping(engine))
        drive_steps(engine);
    else if (engine->pending_outcome == CV_OUTCOME_RUNNING)
        watch_for_deadlock(engine);
    if (engine->pending_outcome == CV_OUTCOME_RUNNING &&
        cv_region_reserve_ledger(&engine->region,
                                 atomic_load(&engine->control->buffer.produce_claimed),
                                 &error) != CV_OK)
        fail_run(engine, &error);
    if (!all_workers_ended(engine)) {
        int64_t now = cv_engine_now_ns(engine);
        if (now > engine->trace.end_ns)
            engine->trace.end_ns = now;
        return true;
    }
    if (drain_rings(engine, &error) != CV_OK && engine->pending_outcome == CV_OUTCOME_RUNNING)
        fail_run(engine, &error);
    summarise_workers(engine);
    judge(engine);
    engine->running = false;
    return false;
}

void cv_engine_run_to_end(cv_engine *engine)
{
    for (;;) {
        /* In step mode, sleep only until a worker reaches its next gate. */
        uint32_t arrivals = cv_gate_arrivals(engine->control);
        if (!cv_engine_poll(engine))
            return;
        if (stepping(engine) && engine->pending_outcome == CV_OUTCOME_RUNNING)
            cv_gate_wait_arrival(engine->control, arrivals, POLL_SLEEP_NS);
        else
            cv_sleep_ns(POLL_SLEEP_NS);
    }
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
    /*
     * Process-shared mutexes and condition variables are never destroyed: a
     * dead worker may hold one or be counted as its waiter for ever, and
     * pthread_cond_destroy would wait for it. They vanish with the mapping.
     * Threads are all joined by now, so private ones can be.
     */
    if (engine->control && !engine->region.shared) {
        for (uint32_t i = 0; i < engine->gils_ready; i++)
            cv_gil_destroy(cv_region_gil(engine->control, i));
        if (engine->buffer_ready)
            cv_buffer_destroy(engine->control, engine->scenario.sync);
    }
    cv_region_destroy(&engine->region);
    cv_trace_free(&engine->trace);
    free(engine->summaries);
    free(engine->threads);
    free(engine->procs.pids);
    free(engine->procs.reaped);
    free(engine->deaths);
    free(engine->choices);
    free(engine->taken);
    free(engine->replay);
    free(engine);
}
