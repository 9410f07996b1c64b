/*
 * worker_loop.c — a producer's or consumer's life: leave the spawn state,
 * take the GIL if there is one, loop over work and the buffer, record
 * `done`. Above the buffer, the GIL and the work model, which it drives.
 *
 * Producers take item ids from a shared counter, so ids are unique and the
 * ledger can index by them; they stop at the scenario's item count or its
 * duration. Consumers stop when production is over and the buffer is empty
 * (see buffer.c). The state bookkeeping (time per state) is done by the
 * worker's probe, so the summary stays exact even if trace events are
 * dropped.
 */
#include "worker_loop.h"

#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "buffer.h"
#include "clock.h"
#include "gate.h"
#include "gil.h"
#include "probe.h"
#include "work.h"

#define LEDGER_WAIT_NS 1000000

static bool production_over(cv_worker *worker, uint64_t id)
{
    cv_control *control = worker->control;
    if (id >= control->items_target)
        return true;
    return control->duration_ns > 0 && cv_probe_now(&worker->probe) >= control->duration_ns;
}

/* Only the worker writes its own count; the parent reads it. */
static void count_item(cv_worker *worker)
{
    _Atomic uint64_t *items = &worker->slot->items;
    atomic_store_explicit(items, atomic_load_explicit(items, memory_order_relaxed) + 1,
                          memory_order_relaxed);
}

/* The processes backend reserves the item ledger in /dev/shm as ids are
 * claimed (cv_region_reserve_ledger): an id past the reserved part waits for
 * the parent to reserve more, or for the stop it sends when /dev/shm is
 * full. Nearly never waits: the parent keeps millions of ids ahead. */
static bool ledger_ready(cv_worker *worker, uint64_t id)
{
    while (id >=
           atomic_load_explicit(&worker->control->ledger_reserved_items, memory_order_acquire)) {
        if (cv_worker_should_stop(worker))
            return false;
        cv_sleep_ns(LEDGER_WAIT_NS);
    }
    return true;
}

/* Makes items until production is over (true) or the run stops (false). */
static bool produce(cv_worker *worker)
{
    cv_control *control = worker->control;
    bool finished = false;
    while (cv_worker_hold_if_paused(worker) && cv_gate_pass(worker, CV_STEP_CLAIM)) {
        uint64_t id = atomic_fetch_add(&control->buffer.produce_claimed, 1);
        if (production_over(worker, id)) {
            finished = true;
            break;
        }
        if (!ledger_ready(worker, id) || !cv_run_steps(worker) ||
            !cv_buffer_put(worker, (uint32_t)id))
            break;
        count_item(worker);
    }
    if (atomic_fetch_sub(&control->buffer.producers_alive, 1) == 1)
        cv_buffer_close_production(worker);
    return finished;
}

/* Takes items until none are left (true) or the run stops (false). */
static bool consume(cv_worker *worker)
{
    while (cv_worker_hold_if_paused(worker)) {
        uint32_t item = 0;
        cv_get_result got = cv_buffer_get(worker, &item);
        if (got != CV_GET_ITEM)
            return got == CV_GET_FINISHED;
        count_item(worker);
        if (!cv_run_steps(worker))
            break;
    }
    return false;
}

static void wait_start_delay(cv_worker *worker)
{
    int64_t delay = worker->group->start_delay_ns;
    if (delay <= 0)
        return;
    /* Shown as idle sleep: the worker exists but has not begun. */
    cv_probe_set_state(&worker->probe, CV_STATE_IO);
    cv_sleep_until_sliced(cv_mono_ns() + delay, cv_worker_stop_requested, worker);
    cv_probe_resume_after_sleep(&worker->probe);
}

/* Confine this thread (or process) to the run's cores, if it has a limit. */
static void confine_to_cores(const cv_control *control)
{
    if (control->cores_limited)
        sched_setaffinity(0, sizeof control->cores_set, &control->cores_set);
}

void cv_worker_run(cv_worker *worker)
{
    cv_worker_slot *slot = worker->slot;
    atomic_store(&slot->os_id, (int64_t)syscall(SYS_gettid));
    int64_t first = cv_probe_now(&worker->probe);
    atomic_store(&slot->first_instruction_ns, first);
    confine_to_cores(worker->control);
    wait_start_delay(worker);
    /* The first state event ends the spawn span: wait-gil if the GIL is
     * busy, else work. In step mode the first gate ends it, and the GIL is
     * taken with the first step (gate.c). */
    if (!cv_gate_stepping(worker) && (!worker->gil || cv_gil_acquire(worker)))
        cv_probe_set_state(&worker->probe, CV_STATE_WORK);
    bool finished = worker->role == CV_ROLE_PRODUCER ? produce(worker) : consume(worker);
    /* Only a worker whose work ran out is done. One the run stopped (a
     * deadlock, a lost wake-up, a dead worker, Ctrl-C) keeps the state it
     * was stopped in to the run's end, as a killed one does: a deadlock's
     * lanes end waiting, not "done". */
    if (finished)
        cv_probe_set_state(&worker->probe, CV_STATE_DONE);
    if (worker->gil)
        cv_gil_release(worker);
    cv_probe_close(&worker->probe);
    atomic_store(&slot->finished, 1);
    cv_gate_arrive_done(worker->control);
}
