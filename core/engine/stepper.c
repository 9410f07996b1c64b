/*
 * stepper.c — step mode's controller (see stepper.h).
 *
 * Only one worker moves at a time: the parent lets one through its gate and
 * waits until it is at its next gate or has ended before anyone else may
 * move. So everything a worker reads between two gates was written by
 * steps already taken, and a list of steps decides the run. For that to
 * hold, a step is allowed only if it cannot block: a semaphore wait only
 * when there is a token, the lock only when it is free, the GIL only when it
 * is free or the worker's own. Condition waits are the gates' too (gate.c):
 * a signal wakes the longest sleeper on its condition, or nobody.
 *
 * The GIL: a worker at a gate keeps the GIL it holds, as a running Python
 * thread does, so nobody else under that GIL can advance. If its own
 * operation cannot go ahead, it would block and release the GIL; the
 * controller has it do just that (CV_GATE_YIELD_GIL), then looks again.
 */
#include "stepper.h"

#include <stdio.h>
#include <string.h>

#include "gate.h"
#include "gil.h"
#include "worker.h"

static bool gil_free(cv_gil *gil)
{
    pthread_mutex_lock(&gil->mutex);
    bool free = gil->now_serving == gil->next_ticket;
    pthread_mutex_unlock(&gil->mutex);
    return free;
}

static const char *lane_name(const cv_lane_info *lanes, int32_t index)
{
    return index >= 0 ? lanes[index].name : "nobody";
}

/* Operations that give the GIL up rather than need it. */
static bool releases_gil(cv_step_op op)
{
    return op == CV_STEP_WAIT_NOT_FULL || op == CV_STEP_WAIT_NOT_EMPTY;
}

/* Can the operation go ahead without blocking, the GIL aside? If not, why. */
static bool op_can_go(cv_control *control, cv_sync sync, uint32_t index, cv_step_op op,
                      const cv_lane_info *lanes, char *why, size_t size)
{
    cv_buffer_state *buffer = &control->buffer;
    int32_t holder = atomic_load(&buffer->lock_holder);
    bool condvar = cv_sync_uses_condvar(sync);
    cv_gate *gate = &cv_region_worker(control, index)->gate;
    switch (op) {
    case CV_STEP_WAIT_EMPTY:
        if (cv_sem_value(&buffer->empty) > 0)
            return true;
        snprintf(why, size, "no free slot (empty = 0)");
        return false;
    case CV_STEP_WAIT_FULL:
        if (cv_sem_value(&buffer->full) > 0)
            return true;
        snprintf(why, size, "no item (full = 0)");
        return false;
    case CV_STEP_LOCK:
    case CV_STEP_CLOSE:
        if (condvar ? holder == CV_NO_WORKER
                    : op == CV_STEP_CLOSE || cv_sem_value(&buffer->lock) > 0)
            return true;
        snprintf(why, size, "the lock is held by %s", lane_name(lanes, holder));
        return false;
    case CV_STEP_RELOCK:
        if (!atomic_load(&gate->woken)) {
            snprintf(why, size, "asleep on `%s`, not signalled",
                     atomic_load(&gate->sleeping_on) == CV_GATE_COND_NOT_FULL ? "not full"
                                                                              : "not empty");
            return false;
        }
        if (holder == CV_NO_WORKER)
            return true;
        snprintf(why, size, "signalled; the lock is held by %s", lane_name(lanes, holder));
        return false;
    default:
        return true;
    }
}

/* How a held worker should be drawn now (see gate.c): the wait state of what
 * holds it back, or `ready` if it can go; CV_STATE_COUNT to leave it (asleep
 * on a condition, or about to fall asleep: its wait state is already on). */
static cv_state shown_state(const cv_worker_slot *slot, const cv_step_choice *choice)
{
    if (choice->finished || choice->op == CV_STEP_WAIT_NOT_FULL ||
        choice->op == CV_STEP_WAIT_NOT_EMPTY ||
        (choice->op == CV_STEP_RELOCK && !atomic_load(&slot->gate.woken)))
        return CV_STATE_COUNT;
    if (choice->gil_bound)
        return CV_STATE_WAIT_GIL;
    if (choice->can_advance)
        return CV_STATE_READY;
    switch (choice->op) {
    case CV_STEP_WAIT_EMPTY:
        return CV_STATE_WAIT_SLOT;
    case CV_STEP_WAIT_FULL:
        return CV_STATE_WAIT_ITEM;
    default:
        return CV_STATE_WAIT_LOCK;
    }
}

/* Have held workers whose picture is out of date draw what holds them back
 * now; true if any was told to. */
static bool refresh_shown(cv_control *control, uint32_t started, const cv_step_choice *choices)
{
    bool told = false;
    for (uint32_t i = 0; i < started; i++) {
        cv_worker_slot *slot = cv_region_worker(control, i);
        cv_state shown = shown_state(slot, &choices[i]);
        if (shown == CV_STATE_COUNT || atomic_load(&slot->probe.state) == (uint32_t)shown)
            continue;
        atomic_store(&slot->gate.shown, shown);
        cv_gate_open(control, i, CV_GATE_SHOW);
        told = true;
    }
    return told;
}

/* Who holds the GIL `gil`, among workers at a gate (CV_NO_WORKER if none). */
static int32_t gil_holder(cv_control *control, uint32_t gil, uint32_t started)
{
    for (uint32_t i = 0; i < started; i++) {
        cv_worker_slot *slot = cv_region_worker(control, i);
        if (slot->gil == gil && atomic_load(&slot->gate.op) != CV_STEP_NONE &&
            atomic_load(&slot->gate.holds_gil))
            return (int32_t)i;
    }
    return CV_NO_WORKER;
}

cv_step_phase cv_stepper_look(cv_control *control, const cv_scenario *scenario, uint32_t started,
                              const cv_lane_info *lanes, cv_step_choice *choices)
{
    if (!atomic_load(&control->step.gated))
        return CV_STEP_OFF;
    if (started < control->worker_count)
        return CV_STEP_MOVING;
    for (uint32_t i = 0; i < started; i++) {
        cv_worker_slot *slot = cv_region_worker(control, i);
        if (!atomic_load(&slot->finished) &&
            atomic_load_explicit(&slot->gate.op, memory_order_acquire) == CV_STEP_NONE)
            return CV_STEP_MOVING;
    }
    bool yielded = false;
    for (uint32_t i = 0; i < started; i++) {
        cv_worker_slot *slot = cv_region_worker(control, i);
        cv_step_choice *choice = &choices[i];
        *choice = (cv_step_choice){0};
        if (atomic_load(&slot->finished)) {
            choice->finished = true;
            continue;
        }
        choice->op = (cv_step_op)atomic_load(&slot->gate.op);
        bool holds = atomic_load(&slot->gate.holds_gil);
        if (!op_can_go(control, scenario->sync, i, choice->op, lanes, choice->why,
                       sizeof choice->why)) {
            if (scenario->gil && holds) {
                cv_gate_open(control, i, CV_GATE_YIELD_GIL);
                yielded = true;
            }
            continue;
        }
        choice->can_advance = true;
        if (!scenario->gil || holds || releases_gil(choice->op) ||
            gil_free(cv_region_gil(control, slot->gil)))
            continue;
        choice->can_advance = false;
        choice->gil_bound = true;
        snprintf(choice->why, sizeof choice->why, "the GIL is held by %s",
                 lane_name(lanes, gil_holder(control, slot->gil, started)));
    }
    if (yielded || refresh_shown(control, started, choices))
        return CV_STEP_MOVING;
    return CV_STEP_WAITING;
}

bool cv_stepper_stuck(const cv_control *control, const cv_step_choice *choices)
{
    bool someone_left = false;
    for (uint32_t i = 0; i < control->worker_count; i++) {
        if (choices[i].can_advance)
            return false;
        someone_left = someone_left || !choices[i].finished;
    }
    return someone_left;
}

void cv_stepper_explain_stuck(cv_control *control, const cv_lane_info *lanes,
                              const cv_step_choice *choices, char *text, size_t size,
                              int32_t *lock_holder)
{
    *lock_holder = atomic_load(&control->buffer.lock_holder);
    size_t used = 0;
    int n = snprintf(text, size, "no worker can advance:");
    used = n > 0 ? (size_t)n : 0;
    const char *separator = " ";
    for (uint32_t i = 0; i < control->worker_count && used < size; i++) {
        if (choices[i].finished)
            continue;
        n = snprintf(text + used, size - used, "%s%s at `%s` (%s)", separator, lanes[i].name,
                     cv_step_op_name(choices[i].op), choices[i].why);
        used += n > 0 ? (size_t)n : 0;
        separator = "; ";
    }
}
