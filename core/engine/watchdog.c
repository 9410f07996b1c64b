/*
 * watchdog.c — deadlock detection (see watchdog.h). The explanation names
 * who holds the buffer lock and what everyone waits for, so the lesson
 * reads "C0 holds the buffer lock and waits for an item; P0 and P1 wait for
 * the lock", or for a stopped worker "P1 is stopped (SIGSTOP) and makes no
 * progress; C0 waits for an item".
 */
#include "watchdog.h"

#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "worker.h"

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
static int list_waiting(cv_control *control, const cv_lane_info *lanes, uint32_t state,
                        int32_t skip, char *out, size_t size)
{
    int count = 0, total = 0;
    for (uint32_t i = 0; i < control->worker_count; i++) {
        cv_worker_slot *slot = cv_region_worker(control, i);
        if ((int32_t)i != skip && !atomic_load(&slot->finished) &&
            atomic_load(&slot->probe.state) == state)
            total++;
    }
    out[0] = '\0';
    for (uint32_t i = 0; i < control->worker_count; i++) {
        cv_worker_slot *slot = cv_region_worker(control, i);
        if ((int32_t)i == skip || atomic_load(&slot->finished) ||
            atomic_load(&slot->probe.state) != state)
            continue;
        const char *separator = count == 0 ? "" : (count == total - 1 ? " and " : ", ");
        append(out, size, "%s%s", separator, lanes[i].name);
        count++;
    }
    return total;
}

/* The condition a side sleeps on, by the scenario's sync mode. */
static const char *condition_of(cv_sync sync, uint32_t state)
{
    if (sync == CV_SYNC_ONE_CONDVAR)
        return "the condition";
    return state == CV_STATE_WAIT_SLOT ? "not-full" : "not-empty";
}

/* In the condvar modes nobody holds the mutex while asleep on a condition:
 * if every live worker sleeps on one (wait-slot or wait-item, no lock
 * holder), the signal that would have woken one was lost or never sent. */
static bool all_asleep_on_condvar(cv_control *control, cv_sync sync)
{
    if (!cv_sync_uses_condvar(sync) || atomic_load(&control->buffer.lock_holder) != CV_NO_WORKER)
        return false;
    for (uint32_t i = 0; i < control->worker_count; i++) {
        cv_worker_slot *slot = cv_region_worker(control, i);
        uint32_t state = atomic_load(&slot->probe.state);
        if (!atomic_load(&slot->finished) && state != CV_STATE_WAIT_SLOT &&
            state != CV_STATE_WAIT_ITEM)
            return false;
    }
    return true;
}

/* "all workers asleep on a condition variable, nobody left to signal: P0
 * sleeps on not-full (waits for a free slot); C0 and C1 sleep on ..." */
static void explain_condvar(cv_control *control, const cv_lane_info *lanes, cv_sync sync,
                            cv_deadlock_verdict *verdict)
{
    char *text = verdict->explanation;
    size_t size = sizeof verdict->explanation;
    snprintf(text, size, "all workers asleep on a condition variable, nobody left to signal: ");
    static const uint32_t states[] = {CV_STATE_WAIT_SLOT, CV_STATE_WAIT_ITEM};
    bool first = true;
    for (size_t s = 0; s < 2; s++) {
        char names[512];
        int count = list_waiting(control, lanes, states[s], CV_NO_WORKER, names, sizeof names);
        if (count == 0)
            continue;
        append(text, size, "%s%s", first ? "" : "; ", names);
        append(text, size, " %s on %s", count == 1 ? "sleeps" : "sleep",
               condition_of(sync, states[s]));
        append(text, size, " (%s %s)", count == 1 ? "waits for" : "wait for", waits_for(states[s]));
        first = false;
    }
    verdict->lock_holder = CV_NO_WORKER;
    verdict->asleep_on_condvar = true;
}

static void explain(cv_control *control, const cv_lane_info *lanes, cv_deadlock_verdict *verdict)
{
    verdict->asleep_on_condvar = false;
    char *text = verdict->explanation;
    size_t size = sizeof verdict->explanation;
    text[0] = '\0';
    verdict->lock_holder = CV_NO_WORKER;
    int32_t holder = atomic_load(&control->buffer.lock_holder);
    if (holder >= 0 && (uint32_t)holder < control->worker_count) {
        verdict->lock_holder = holder;
        cv_worker_slot *slot = cv_region_worker(control, (uint32_t)holder);
        uint32_t state = atomic_load(&slot->probe.state);
        append(text, size, "%s holds the buffer lock and waits for %s", lanes[holder].name,
               waits_for(state));
    }
    static const uint32_t states[] = {CV_STATE_WAIT_LOCK, CV_STATE_WAIT_SLOT, CV_STATE_WAIT_ITEM,
                                      CV_STATE_WAIT_GIL};
    for (size_t s = 0; s < sizeof states / sizeof states[0]; s++) {
        char names[512];
        int count = list_waiting(control, lanes, states[s], holder, names, sizeof names);
        if (count == 0)
            continue;
        append(text, size, "%s%s", text[0] ? "; " : "", names);
        append(text, size, " %s %s", count == 1 ? "waits for" : "wait for", waits_for(states[s]));
    }
}

/* True if the task os_id is stopped (SIGSTOP: T) or stopped by a tracer (t). */
static bool task_stopped(pid_t os_id, char *how, size_t how_size)
{
    if (os_id <= 0)
        return false;
    char path[64], line[512];
    snprintf(path, sizeof path, "/proc/%ld/stat", (long)os_id);
    FILE *stat = fopen(path, "re");
    if (!stat)
        return false;
    bool read = fgets(line, sizeof line, stat) != NULL;
    fclose(stat);
    const char *end_of_name = read ? strrchr(line, ')') : NULL;
    if (!end_of_name || end_of_name[1] != ' ')
        return false;
    char state = end_of_name[2];
    if (state == 'T')
        snprintf(how, how_size, "is stopped (SIGSTOP)");
    else if (state == 't')
        snprintf(how, how_size, "is stopped by a debugger");
    return state == 'T' || state == 't';
}

/* "P1 is stopped (SIGSTOP) and makes no progress; P0 waits for a free slot". */
static bool explain_stopped(cv_control *control, uint32_t started, const cv_lane_info *lanes,
                            cv_deadlock_verdict *verdict)
{
    for (uint32_t i = 0; i < started; i++) {
        cv_worker_slot *slot = cv_region_worker(control, i);
        char how[64];
        if (atomic_load(&slot->finished) || !task_stopped((pid_t)lanes[i].os_id, how, sizeof how))
            continue;
        verdict->kind = CV_VERDICT_STOPPED;
        verdict->lock_holder = CV_NO_WORKER;
        verdict->asleep_on_condvar = false;
        cv_deadlock_verdict others;
        explain(control, lanes, &others);
        snprintf(verdict->explanation, sizeof verdict->explanation,
                 "%.64s %s and makes no progress%s%.800s", lanes[i].name, how,
                 others.explanation[0] ? "; " : "", others.explanation);
        return true;
    }
    return false;
}

bool cv_watchdog_check(cv_watchdog *watchdog, cv_control *control, uint32_t started, int64_t now_ns,
                       const cv_lane_info *lanes, cv_deadlock_verdict *verdict)
{
    if (cv_run_clock_paused(&control->clock))
        return false;
    cv_buffer_state *buffer = &control->buffer;
    uint64_t progress = atomic_load(&buffer->items_put) + atomic_load(&buffer->items_got);
    if (progress != watchdog->last_progress) {
        watchdog->last_progress = progress;
        watchdog->last_progress_ns = now_ns;
        return false;
    }
    if (now_ns - watchdog->last_progress_ns < watchdog->timeout_ns)
        return false;
    if (started == control->worker_count && explain_stopped(control, started, lanes, verdict))
        return true;
    uint32_t live = 0;
    for (uint32_t i = 0; i < started; i++) {
        cv_worker_slot *slot = cv_region_worker(control, i);
        if (atomic_load(&slot->finished))
            continue;
        if (!is_wait_state(atomic_load(&slot->probe.state)))
            return false;
        if (now_ns - atomic_load(&slot->probe.state_since_ns) < watchdog->timeout_ns)
            return false;
        live++;
    }
    if (live == 0 || started < control->worker_count)
        return false;
    if (all_asleep_on_condvar(control, watchdog->sync))
        explain_condvar(control, lanes, watchdog->sync, verdict);
    else
        explain(control, lanes, verdict);
    verdict->kind = CV_VERDICT_DEADLOCK;
    return true;
}
