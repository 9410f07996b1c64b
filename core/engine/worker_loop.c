/*
 * worker.c — a producer's or consumer's life: leave the spawn state, take
 * the GIL if there is one, loop over work and the buffer, record `done`.
 *
 * Producers take item ids from a shared counter, so ids are unique and the
 * ledger can index by them; they stop at the scenario's item count or its
 * duration. Consumers stop when production is over and the buffer is empty
 * (see buffer.c). The state bookkeeping (time per state) is done by the
 * worker itself, so the summary stays exact even if trace events are dropped.
 */
#include "worker.h"

#include <sys/syscall.h>
#include <unistd.h>

#include "buffer.h"
#include "gil.h"
#include "work.h"

#define PAUSE_POLL_NS 5000000

void cv_worker_init(cv_worker *worker, cv_control *control, const cv_scenario *scenario,
                    uint32_t index, double iterations_per_us)
{
    cv_worker_slot *slot = cv_region_worker(control, index);
    *worker = (cv_worker){0};
    worker->control = control;
    worker->slot = slot;
    worker->ring = cv_region_ring(control, index);
    worker->scenario = scenario;
    worker->group = &scenario->groups[slot->group];
    worker->index = index;
    worker->role = (cv_role)slot->role;
    worker->iterations_per_ns = iterations_per_us / 1000.0;
    worker->rng = cv_rng_seed(scenario->seed, index);
    worker->traced = control->traced;
    worker->gil = scenario->gil ? cv_region_gil(control, slot->gil) : NULL;
    worker->state = CV_STATE_SPAWN;
    worker->state_since_ns = slot->spawn_request_ns;
    worker->last_time_ns = slot->spawn_request_ns;
}

void cv_worker_set_state(cv_worker *worker, cv_state state)
{
    if (state != worker->state)
        cv_worker_set_state_since(worker, state, cv_worker_now(worker));
}

void cv_worker_set_state_since(cv_worker *worker, cv_state state, int64_t since)
{
    if (state == worker->state)
        return;
    cv_worker_slot *slot = worker->slot;
    slot->state_ns[worker->state] += since - worker->state_since_ns;
    worker->state = state;
    worker->state_since_ns = since;
    atomic_store_explicit(&slot->state_since_ns, since, memory_order_relaxed);
    atomic_store_explicit(&slot->state, (uint32_t)state, memory_order_release);
    if (worker->traced)
        cv_ring_push(worker->ring, cv_event_make(since, (uint32_t)state, 0, 0));
}

bool cv_worker_hold_if_paused(cv_worker *worker)
{
    while (atomic_load_explicit(&worker->control->paused, memory_order_relaxed)) {
        if (cv_worker_should_stop(worker))
            return false;
        cv_sleep_ns(PAUSE_POLL_NS);
    }
    return !cv_worker_should_stop(worker);
}

static bool production_over(cv_worker *worker, uint64_t id)
{
    cv_control *control = worker->control;
    if (id >= control->items_target)
        return true;
    return control->duration_ns > 0 && cv_worker_now(worker) >= control->duration_ns;
}

/* Only the worker writes its own count; the parent reads it. */
static void count_item(cv_worker *worker)
{
    _Atomic uint64_t *items = &worker->slot->items;
    atomic_store_explicit(items, atomic_load_explicit(items, memory_order_relaxed) + 1,
                          memory_order_relaxed);
}

static void produce(cv_worker *worker)
{
    cv_control *control = worker->control;
    while (cv_worker_hold_if_paused(worker)) {
        uint64_t id = atomic_fetch_add(&control->produce_claimed, 1);
        if (production_over(worker, id))
            break;
        if (!cv_run_steps(worker) || !cv_buffer_put(worker, (uint32_t)id))
            break;
        count_item(worker);
    }
    if (atomic_fetch_sub(&control->producers_alive, 1) == 1)
        cv_buffer_close_production(worker);
}

static void consume(cv_worker *worker)
{
    while (cv_worker_hold_if_paused(worker)) {
        uint32_t item = 0;
        if (cv_buffer_get(worker, &item) != CV_GET_ITEM)
            break;
        count_item(worker);
        if (!cv_run_steps(worker))
            break;
    }
}

static void wait_start_delay(cv_worker *worker)
{
    int64_t delay = worker->group->start_delay_ns;
    if (delay <= 0)
        return;
    /* Shown as idle sleep: the worker exists but has not begun. */
    cv_worker_set_state(worker, CV_STATE_IO);
    int64_t deadline = cv_mono_ns() + delay;
    while (cv_mono_ns() < deadline && !cv_worker_should_stop(worker))
        cv_sleep_ns(deadline - cv_mono_ns() < CV_WAIT_SLICE_NS ? deadline - cv_mono_ns()
                                                               : CV_WAIT_SLICE_NS);
}

void cv_worker_run(cv_worker *worker)
{
    cv_worker_slot *slot = worker->slot;
    atomic_store(&slot->os_id, (int64_t)syscall(SYS_gettid));
    int64_t first = cv_worker_now(worker);
    atomic_store(&slot->first_instruction_ns, first);
    wait_start_delay(worker);
    /* The first state event ends the spawn span: wait-gil if the GIL is
     * busy, else work. */
    if (!worker->gil || cv_gil_acquire(worker))
        cv_worker_set_state(worker, CV_STATE_WORK);
    if (worker->role == CV_ROLE_PRODUCER)
        produce(worker);
    else
        consume(worker);
    cv_worker_set_state(worker, CV_STATE_DONE);
    if (worker->gil)
        cv_gil_release(worker);
    atomic_store(&slot->finished, 1);
}
