/*
 * worker.c — a worker's context and slot (see worker.h): preparing them,
 * and the stop and pause checks every blocking part of a worker makes.
 */
#include "worker.h"

#include "clock.h"
#include "rng.h"

#define PAUSE_POLL_NS 5000000

void cv_worker_mark_spawn(cv_control *control, uint32_t index)
{
    cv_worker_slot *slot = cv_region_worker(control, index);
    slot->spawn_request_ns = cv_run_clock_now(&control->clock);
    cv_probe_mark_spawn(&slot->probe, cv_region_ring(control, index), control->traced,
                        slot->spawn_request_ns);
}

void cv_worker_init(cv_worker *worker, cv_control *control, const cv_scenario *scenario,
                    uint32_t index, double iterations_per_us)
{
    cv_worker_slot *slot = cv_region_worker(control, index);
    assert(slot->index == index && slot->group < scenario->group_count);
    *worker = (cv_worker){0};
    cv_probe_init(&worker->probe, &control->clock, cv_region_ring(control, index), &slot->probe,
                  control->traced, slot->spawn_request_ns);
    worker->control = control;
    worker->slot = slot;
    worker->scenario = scenario;
    worker->group = &scenario->groups[slot->group];
    worker->index = index;
    worker->role = (cv_role)slot->role;
    worker->iterations_per_ns = iterations_per_us / 1000.0;
    worker->rng = cv_rng_seed(scenario->seed, index);
    worker->gil = scenario->gil ? cv_region_gil(control, slot->gil) : NULL;
}

bool cv_worker_stop_requested(void *worker)
{
    return cv_worker_should_stop(worker);
}

bool cv_worker_hold_if_paused(cv_worker *worker)
{
    while (cv_run_clock_paused(&worker->control->clock)) {
        if (cv_worker_should_stop(worker))
            return false;
        cv_sleep_ns(PAUSE_POLL_NS);
    }
    return !cv_worker_should_stop(worker);
}
