/*
 * watchdog.c — deadlock detection. Progress is the number of puts plus gets;
 * if it has not moved for deadlock_timeout and every worker still alive is
 * in a wait state, nobody can ever wake anybody: that is a deadlock. The
 * explanation names who holds the buffer lock and what everyone waits for,
 * so the lesson reads "C0 holds the buffer lock and waits for an item; P0
 * and P1 wait for the lock".
 */
#include <stdio.h>
#include <string.h>

#include "engine_internal.h"

static bool is_wait_state(uint32_t state)
{
    return state == CV_STATE_WAIT_SLOT || state == CV_STATE_WAIT_ITEM ||
           state == CV_STATE_WAIT_LOCK || state == CV_STATE_WAIT_GIL;
}

static const char *waits_for(uint32_t state)
{
    switch (state) {
    case CV_STATE_WAIT_SLOT:
        return "a free slot";
    case CV_STATE_WAIT_ITEM:
        return "an item";
    case CV_STATE_WAIT_LOCK:
        return "the lock";
    default:
        return "the GIL";
    }
}

static void append(char *text, size_t size, const char *fmt, const char *a, const char *b)
{
    size_t used = strlen(text);
    if (used < size)
        snprintf(text + used, size - used, fmt, a, b);
}

/* "P0", "P0 and P1", "P0, P1 and C2" for the live workers waiting in state. */
static int list_waiting(cv_engine *engine, uint32_t state, int32_t skip, char *out, size_t size)
{
    int count = 0, total = 0;
    for (uint32_t i = 0; i < engine->worker_count; i++) {
        cv_worker_slot *slot = cv_region_worker(engine->control, i);
        if ((int32_t)i != skip && !atomic_load(&slot->finished) &&
            atomic_load(&slot->state) == state)
            total++;
    }
    out[0] = '\0';
    for (uint32_t i = 0; i < engine->worker_count; i++) {
        cv_worker_slot *slot = cv_region_worker(engine->control, i);
        if ((int32_t)i == skip || atomic_load(&slot->finished) ||
            atomic_load(&slot->state) != state)
            continue;
        const char *separator = count == 0 ? "" : (count == total - 1 ? " and " : ", ");
        append(out, size, "%s%s", separator, engine->trace.lanes[i].name);
        count++;
    }
    return total;
}

static void explain(cv_engine *engine)
{
    char *text = engine->result.explanation;
    size_t size = sizeof engine->result.explanation;
    text[0] = '\0';
    int32_t holder = atomic_load(&engine->control->lock_holder);
    if (holder >= 0 && (uint32_t)holder < engine->worker_count) {
        engine->result.lock_holder = holder;
        uint32_t state = atomic_load(&cv_region_worker(engine->control, (uint32_t)holder)->state);
        append(text, size, "%s holds the buffer lock and waits for %s",
               engine->trace.lanes[holder].name, waits_for(state));
    }
    static const uint32_t states[] = {CV_STATE_WAIT_LOCK, CV_STATE_WAIT_SLOT, CV_STATE_WAIT_ITEM,
                                      CV_STATE_WAIT_GIL};
    for (size_t s = 0; s < sizeof states / sizeof states[0]; s++) {
        char names[512];
        int count = list_waiting(engine, states[s], holder, names, sizeof names);
        if (count == 0)
            continue;
        append(text, size, "%s%s", text[0] ? "; " : "", names);
        append(text, size, " %s %s", count == 1 ? "waits for" : "wait for", waits_for(states[s]));
    }
}

bool cv_watchdog_check(cv_engine *engine)
{
    cv_control *control = engine->control;
    if (atomic_load(&control->paused))
        return false;
    int64_t now = cv_engine_now_ns(engine);
    uint64_t progress = atomic_load(&control->items_put) + atomic_load(&control->items_got);
    if (progress != engine->last_progress) {
        engine->last_progress = progress;
        engine->last_progress_ns = now;
        return false;
    }
    if (now - engine->last_progress_ns < engine->scenario.deadlock_timeout_ns)
        return false;
    uint32_t live = 0;
    for (uint32_t i = 0; i < engine->started; i++) {
        cv_worker_slot *slot = cv_region_worker(control, i);
        if (atomic_load(&slot->finished))
            continue;
        if (!is_wait_state(atomic_load(&slot->state)))
            return false;
        if (now - atomic_load(&slot->state_since_ns) < engine->scenario.deadlock_timeout_ns)
            return false;
        live++;
    }
    if (live == 0 || engine->started < engine->worker_count)
        return false;
    explain(engine);
    return true;
}
