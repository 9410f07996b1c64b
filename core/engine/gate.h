/*
 * gate.h — step mode's per-worker gate: a worker stops before each
 * synchronisation operation and sleeps on a futex until the parent lets it
 * take exactly that step, lets everyone run freely, or stops the run.
 *
 * Off (the normal run), passing a gate is one relaxed load of a flag that
 * never changes, on a cache line of its own. On, the worker publishes the
 * operation it waits to do and sleeps; it never polls. Which operations can
 * go ahead, and the steps themselves, are the step controller's (step.c).
 */
#ifndef CONVEYOR_GATE_H
#define CONVEYOR_GATE_H

#include <stdbool.h>
#include <stdint.h>

#include "gate_state.h"
#include "worker.h"

/* Worker side. Hold at the gate before op until allowed; false if the run
 * is stopping instead. Returns at once when step mode is off. */
bool cv_gate_hold(cv_worker *worker, cv_step_op op);

static inline bool cv_gate_stepping(const cv_worker *worker)
{
    return atomic_load_explicit(&worker->control->step.gated, memory_order_relaxed) != 0;
}

static inline bool cv_gate_pass(cv_worker *worker, cv_step_op op)
{
    if (!cv_gate_stepping(worker))
        return true;
    return cv_gate_hold(worker, op);
}

/* The worker has ended (finished or stopped): tell a parent waiting for it. */
void cv_gate_arrive_done(cv_control *control);

/* Step mode's condition wait, under the condvar mutex: fall asleep on cond
 * (releasing the mutex) and hold until a signal chose this worker, then take
 * the mutex again. Held at the gates `wait not …` and `relock`. Returns
 * false, with the mutex held, if the run is stopping. If step mode ends
 * while it sleeps, it wakes as a spurious wake-up would. */
bool cv_gate_cond_wait(cv_worker *worker, cv_gate_cond cond, pthread_mutex_t *mutex);

/* Signal cond in step mode: the worker asleep on it longest is woken (all of
 * them with `all`). Nothing if nobody sleeps on it: the signal is lost. */
void cv_gate_cond_signal(cv_control *control, cv_gate_cond cond, bool all);

/* Parent side. Step mode on from the start: call before any worker starts. */
void cv_gate_begin_stepping(cv_control *control);

/* Let worker index go on: do its operation (CV_GATE_STEP), or give up its
 * GIL and wait again (CV_GATE_YIELD_GIL). It must be at its gate. */
void cv_gate_open(cv_control *control, uint32_t index, cv_gate_command command);

/* Step mode off: every worker runs freely from its gate on. */
void cv_gate_release_all(cv_control *control);

/* After the stop flag is set: wake every held worker so it sees it.
 * Async-signal-safe (atomics and the futex system call only). */
void cv_gate_wake_all(cv_control *control);

/* The arrivals counter, and a wait (at most timeout_ns) until it differs from
 * seen: a worker reached a gate or ended. */
uint32_t cv_gate_arrivals(cv_control *control);
void cv_gate_wait_arrival(cv_control *control, uint32_t seen, int64_t timeout_ns);

#endif
