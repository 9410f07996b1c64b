/*
 * gate.c — step mode's per-worker gates (see gate.h).
 *
 * The handshake: the worker reads its gate's word, publishes the operation
 * it waits to do, counts an arrival (waking the parent) and sleeps while the
 * word is unchanged. The parent clears the published operation, sets the
 * command and bumps the word; a stop or the end of step mode bumps it too.
 * A bump between the worker's read and its sleep makes FUTEX_WAIT return at
 * once, so no wake-up is missed, and the worker never sleeps on a timer: the
 * parent wakes every gate on a stop (cv_gate_wake_all), as it wakes the
 * untimed condition waits (cv_buffer_wake_sleepers).
 *
 * While held, a worker is drawn in the wait state of its operation if it
 * would block (a counting semaphore at zero, the lock taken), else `ready`:
 * it could run, and waits for the scheduler, who is the student. That is
 * judged as it arrives; when other steps change it, the controller has it
 * draw the new state (CV_GATE_SHOW).
 */
#include "gate.h"

#include <errno.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "gil.h"
#include "probe.h"

static long futex(cv_control *control, _Atomic uint32_t *word, int op, uint32_t value,
                  const struct timespec *timeout)
{
    if (!control->process_shared)
        op |= FUTEX_PRIVATE_FLAG;
    return syscall(SYS_futex, word, op, value, timeout, NULL, 0);
}

static void bump(cv_control *control, _Atomic uint32_t *word)
{
    atomic_fetch_add_explicit(word, 1, memory_order_release);
    futex(control, word, FUTEX_WAKE, INT32_MAX, NULL);
}

/* How a held worker is drawn: in the wait state of its operation if that
 * would block as it arrives (a semaphore at zero, the lock taken), else
 * `ready`: it could run, and waits for the scheduler. */
static cv_state held_state(cv_worker *worker, cv_step_op op)
{
    cv_buffer_state *buffer = &worker->control->buffer;
    bool lock_taken = cv_sync_uses_condvar(worker->scenario->sync)
                          ? atomic_load(&buffer->lock_holder) != CV_NO_WORKER
                          : cv_sem_value(&buffer->lock) == 0;
    switch (op) {
    case CV_STEP_WAIT_EMPTY:
        return cv_sem_value(&buffer->empty) == 0 ? CV_STATE_WAIT_SLOT : CV_STATE_READY;
    case CV_STEP_WAIT_FULL:
        return cv_sem_value(&buffer->full) == 0 ? CV_STATE_WAIT_ITEM : CV_STATE_READY;
    case CV_STEP_LOCK:
    case CV_STEP_CLOSE:
        return lock_taken ? CV_STATE_WAIT_LOCK : CV_STATE_READY;
    case CV_STEP_WAIT_NOT_FULL:
    case CV_STEP_WAIT_NOT_EMPTY:
    case CV_STEP_RELOCK:
        /* Already in its wait state (the condition wait began). */
        return (cv_state)worker->probe.state;
    default:
        return CV_STATE_READY;
    }
}

/* Operations after which the worker runs Python code, so needs its GIL. */
static bool needs_gil(cv_step_op op)
{
    return op != CV_STEP_WAIT_NOT_FULL && op != CV_STEP_WAIT_NOT_EMPTY && op != CV_STEP_RELOCK;
}

static bool stopping(cv_worker *worker)
{
    return cv_worker_should_stop(worker);
}

bool cv_gate_hold(cv_worker *worker, cv_step_op op)
{
    cv_control *control = worker->control;
    cv_gate *gate = &worker->slot->gate;
    /* A worker on its way out after a stop passes no gate: its last state
     * stays the one it was stopped in, as the deadlock tags read it. */
    if (stopping(worker))
        return false;
    cv_probe_set_state(&worker->probe, held_state(worker, op));
    for (;;) {
        uint32_t word = atomic_load_explicit(&gate->word, memory_order_acquire);
        atomic_store_explicit(&gate->holds_gil, worker->holds_gil, memory_order_relaxed);
        atomic_store_explicit(&gate->op, op, memory_order_release);
        bump(control, &control->step.arrivals);
        while (atomic_load_explicit(&gate->word, memory_order_acquire) == word &&
               !stopping(worker) && cv_gate_stepping(worker))
            futex(control, &gate->word, FUTEX_WAIT, word, NULL);
        if (stopping(worker)) {
            atomic_store_explicit(&gate->op, CV_STEP_NONE, memory_order_relaxed);
            return false;
        }
        uint32_t command = atomic_load_explicit(&gate->command, memory_order_relaxed);
        if (cv_gate_stepping(worker) && command == CV_GATE_YIELD_GIL) {
            cv_gil_release(worker);
            continue;
        }
        if (cv_gate_stepping(worker) && command == CV_GATE_SHOW) {
            cv_probe_set_state(&worker->probe,
                               (cv_state)atomic_load_explicit(&gate->shown, memory_order_relaxed));
            continue;
        }
        atomic_store_explicit(&gate->op, CV_STEP_NONE, memory_order_relaxed);
        break;
    }
    if (!needs_gil(op))
        return true;
    /* Granted only when its GIL was free (or its own); taken at once. */
    if (worker->gil && !worker->holds_gil && !cv_gil_acquire(worker))
        return false;
    cv_probe_set_state(&worker->probe, CV_STATE_WORK);
    return true;
}

void cv_gate_arrive_done(cv_control *control)
{
    if (atomic_load_explicit(&control->step.gated, memory_order_relaxed))
        bump(control, &control->step.arrivals);
}

static _Atomic uint32_t *cond_of(cv_control *control, uint32_t index)
{
    cv_worker_slot *slot = cv_region_worker(control, index);
    return &slot->gate.sleeping_on;
}

bool cv_gate_cond_wait(cv_worker *worker, cv_gate_cond cond, pthread_mutex_t *mutex)
{
    cv_control *control = worker->control;
    cv_gate *gate = &worker->slot->gate;
    cv_step_op op = cond == CV_GATE_COND_NOT_FULL ? CV_STEP_WAIT_NOT_FULL : CV_STEP_WAIT_NOT_EMPTY;
    if (!cv_gate_pass(worker, op))
        return false;
    /* Only one worker runs between two gates: this order is the schedule's. */
    atomic_store(&gate->sleep_order, atomic_fetch_add(&control->step.next_sleep_order, 1));
    atomic_store(&gate->woken, 0);
    atomic_store(&gate->sleeping_on, cond);
    atomic_store_explicit(&control->buffer.lock_holder, CV_NO_WORKER, memory_order_relaxed);
    pthread_mutex_unlock(mutex);
    /* Asleep: drawn waiting for a slot or an item, as a woken worker that
     * found the buffer unchanged and sleeps again must be too. */
    cv_probe_set_state(&worker->probe,
                       worker->role == CV_ROLE_PRODUCER ? CV_STATE_WAIT_SLOT : CV_STATE_WAIT_ITEM);
    bool go_on = cv_gate_pass(worker, CV_STEP_RELOCK);
    atomic_store(&gate->sleeping_on, CV_GATE_COND_NONE);
    atomic_store(&gate->woken, 0);
    int rc = pthread_mutex_lock(mutex);
    if (rc == EOWNERDEAD)
        pthread_mutex_consistent(mutex);
    atomic_store_explicit(&control->buffer.lock_holder, (int32_t)worker->index,
                          memory_order_relaxed);
    return go_on && !stopping(worker);
}

void cv_gate_cond_signal(cv_control *control, cv_gate_cond cond, bool all)
{
    int64_t chosen = -1;
    uint64_t oldest = UINT64_MAX;
    for (uint32_t i = 0; i < control->worker_count; i++) {
        cv_gate *gate = &cv_region_worker(control, i)->gate;
        if (atomic_load(cond_of(control, i)) != cond || atomic_load(&gate->woken))
            continue;
        if (all) {
            atomic_store(&gate->woken, 1);
            continue;
        }
        uint64_t order = atomic_load(&gate->sleep_order);
        if (order < oldest) {
            oldest = order;
            chosen = i;
        }
    }
    if (chosen >= 0)
        atomic_store(&cv_region_worker(control, (uint32_t)chosen)->gate.woken, 1);
}

void cv_gate_begin_stepping(cv_control *control)
{
    atomic_store(&control->step.gated, 1);
}

void cv_gate_open(cv_control *control, uint32_t index, cv_gate_command command)
{
    cv_gate *gate = &cv_region_worker(control, index)->gate;
    atomic_store_explicit(&gate->op, CV_STEP_NONE, memory_order_relaxed);
    atomic_store_explicit(&gate->command, command, memory_order_relaxed);
    bump(control, &gate->word);
}

void cv_gate_wake_all(cv_control *control)
{
    for (uint32_t i = 0; i < control->worker_count; i++)
        bump(control, &cv_region_worker(control, i)->gate.word);
}

void cv_gate_release_all(cv_control *control)
{
    atomic_store(&control->step.gated, 0);
    cv_gate_wake_all(control);
}

uint32_t cv_gate_arrivals(cv_control *control)
{
    return atomic_load_explicit(&control->step.arrivals, memory_order_acquire);
}

void cv_gate_wait_arrival(cv_control *control, uint32_t seen, int64_t timeout_ns)
{
    struct timespec timeout = cv_timespec_from_ns(timeout_ns);
    futex(control, &control->step.arrivals, FUTEX_WAIT, seen, &timeout);
}
