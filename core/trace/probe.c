/*
 * probe.c — state changes (see probe.h). The time of the state being left
 * is added up here, by the worker itself, before the new state is published
 * with a release store, so a reader that sees the new state also sees when
 * it began. The `ready` spans (runnable, waiting for a core) are cut out of
 * `work` and out of the ends of sleeps here too, from the measurements of
 * ready.h.
 */
#include "probe.h"

void cv_probe_init(cv_probe *probe, const cv_run_clock *clock, cv_ring *ring,
                   cv_probe_shared *shared, bool traced, int64_t spawn_ns)
{
    *probe = (cv_probe){
        .clock = clock,
        .ring = ring,
        .shared = shared,
        .last_time_ns = spawn_ns,
        .state_since_ns = spawn_ns,
        .last_event_ns = spawn_ns,
        .state = CV_STATE_SPAWN,
        .traced = traced,
    };
    cv_ready_probe_open(&probe->ready);
}

void cv_probe_close(cv_probe *probe)
{
    cv_ready_probe_close(&probe->ready);
}

void cv_probe_mark_spawn(cv_probe_shared *shared, cv_ring *ring, bool traced, int64_t now_ns)
{
    atomic_store(&shared->state, CV_STATE_SPAWN);
    atomic_store(&shared->state_since_ns, now_ns);
    if (traced)
        cv_ring_push(ring, cv_event_make(now_ns, CV_STATE_SPAWN, 0, 0));
}

/* The bookkeeping of a state change, with no measuring. */
static void record_state(cv_probe *probe, cv_state state, int64_t since)
{
    assert((unsigned)state < CV_STATE_COUNT);
    /* `done` is final, and a state cannot begin before the one it ends. */
    assert(probe->state != CV_STATE_DONE);
    assert(since >= probe->state_since_ns);
    cv_probe_shared *shared = probe->shared;
    shared->state_ns[probe->state] += since - probe->state_since_ns;
    probe->state = state;
    probe->state_since_ns = since;
    probe->last_event_ns = since;
    atomic_store_explicit(&shared->state_since_ns, since, memory_order_relaxed);
    atomic_store_explicit(&shared->state, (uint32_t)state, memory_order_release);
    if (probe->traced)
        cv_ring_push(probe->ring, cv_event_make(since, (uint32_t)state, 0, 0));
}

/*
 * In `work`, the worker's own code since the lane's last event (a state
 * change, a put or a get) ran until `until`. If that took long enough to
 * hide a preemption, ask the kernel; time spent waiting for a core becomes
 * `ready`, placed at the end. Returns true if it drew one (the lane is then
 * in `ready` from before `until`). Consecutive puts or gets microseconds
 * apart, the hot path, are never measured.
 */
static bool split_work_if_preempted(cv_probe *probe, int64_t until)
{
    if (probe->state != CV_STATE_WORK || until - probe->last_event_ns < CV_READY_MIN_NS)
        return false;
    int64_t delay = cv_ready_probe_take_run_delay(&probe->ready);
    int64_t from = cv_ready_start_at_end(probe->last_event_ns, until, delay);
    if (from < 0 || from >= until || from < probe->state_since_ns)
        return false;
    record_state(probe, CV_STATE_READY, from);
    return true;
}

void cv_probe_set_state(cv_probe *probe, cv_state state)
{
    if (state != probe->state)
        cv_probe_set_state_since(probe, state, cv_probe_now(probe));
}

void cv_probe_set_state_since(cv_probe *probe, cv_state state, int64_t since)
{
    if (state == probe->state)
        return;
    split_work_if_preempted(probe, since);
    record_state(probe, state, since);
}

void cv_probe_note_long_gap(cv_probe *probe, int64_t now)
{
    if (split_work_if_preempted(probe, now))
        record_state(probe, CV_STATE_WORK, now);
}

void cv_probe_resume_after_sleep(cv_probe *probe)
{
    int64_t now = cv_probe_now(probe);
    /* A sleep this short cannot hold a ready span worth drawing; the delay
     * it may have had is counted at the next longer one. */
    if (probe->state == CV_STATE_DONE || now - probe->last_event_ns < CV_READY_MIN_NS)
        return;
    int64_t delay = cv_ready_probe_take_run_delay(&probe->ready);
    int64_t from = cv_ready_start_at_end(probe->last_event_ns, now, delay);
    if (from >= 0 && from >= probe->state_since_ns && probe->state != CV_STATE_READY)
        record_state(probe, CV_STATE_READY, from);
}

void cv_probe_mark_cpu(cv_probe *probe)
{
    int64_t now = cv_probe_now(probe);
    /* A preemption in the worker's own code just before the step. */
    cv_probe_note_long_gap(probe, now);
    probe->ready.mark_wall_ns = now;
    probe->ready.mark_cpu_ns = cv_thread_cpu_ns();
}

bool cv_probe_check_cpu(cv_probe *probe)
{
    int64_t now = cv_probe_now(probe);
    int64_t cpu = cv_thread_cpu_ns();
    int64_t from =
        cv_ready_start_in_cpu(probe->ready.mark_wall_ns, now, cpu - probe->ready.mark_cpu_ns);
    probe->ready.mark_wall_ns = now;
    probe->ready.mark_cpu_ns = cpu;
    if (from < 0 || probe->state != CV_STATE_WORK || from < probe->state_since_ns)
        return false;
    record_state(probe, CV_STATE_READY, from);
    record_state(probe, CV_STATE_WORK, now);
    /* That delay is in the kernel's run-queue total too: count it once. */
    cv_ready_probe_rebase(&probe->ready);
    return true;
}
