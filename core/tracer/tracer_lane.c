/*
 * tracer_lane.c — registering a lane and recording on it (see
 * conveyor/tracer.h). A lane is the engine's worker probe (core/trace/
 * probe.h) in the tracer's shared memory: its state changes, `ready`
 * measurement and put/get instants are the probe's own, so a traced
 * program's lanes mean what the engine's do. Only the lane's thread
 * records on it, so nothing here takes a lock.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tracer_lane.h"

_Static_assert(CV_TRACER_WORK == (int)CV_STATE_WORK && CV_TRACER_READY == (int)CV_STATE_READY &&
                   CV_TRACER_IO == (int)CV_STATE_IO &&
                   CV_TRACER_WAIT_SLOT == (int)CV_STATE_WAIT_SLOT &&
                   CV_TRACER_WAIT_ITEM == (int)CV_STATE_WAIT_ITEM &&
                   CV_TRACER_WAIT_LOCK == (int)CV_STATE_WAIT_LOCK &&
                   CV_TRACER_DONE == (int)CV_STATE_DONE,
               "the tracer's states are conveyor's worker states");
_Static_assert(CV_TRACER_NAME_MAX < CV_LANE_NAME_MAX, "a lane name fits a trace's lane");
_Static_assert(CV_TRACER_PRODUCER == (int)CV_ROLE_PRODUCER &&
                   CV_TRACER_CONSUMER == (int)CV_ROLE_CONSUMER,
               "the tracer's roles are conveyor's roles");

/*
 * A ring's pages are shared memory, each faulted in on its first write and
 * paid for by the program as it records: with 1 Mi-event rings an event
 * cost 65-70 ns (median, bench/tracer_bench.c on the shared 2-core VM)
 * while the ring's pages were fresh, 35-40 ns with them mapped here when
 * the lane is registered (and 12-13 ns with the default 64 Ki-event ring,
 * which stays in the caches).
 * Best effort: without MADV_POPULATE_WRITE (Linux 5.14) pages fault as
 * they are written.
 */
static void map_ring_ahead(cv_ring *ring, size_t bytes)
{
#ifdef MADV_POPULATE_WRITE
    madvise(ring, bytes, MADV_POPULATE_WRITE);
#else
    (void)ring;
    (void)bytes;
#endif
}

static void lock_registering(cv_tracer *tracer)
{
    /* A process died holding it, part way through a claim: its lane never
     * became registered, and the names before it are whole. */
    if (pthread_mutex_lock(&tracer->registering) == EOWNERDEAD)
        pthread_mutex_consistent(&tracer->registering);
}

/*
 * Take the next lane and give it `name`, unless a lane already has that
 * name: two lanes of one name would be drawn alike, and nobody could tell
 * which thread or process each was. The lock makes the check and the
 * claim one step for every thread and process.
 */
static cv_status claim_lane(cv_tracer *tracer, const char *name, size_t length, uint32_t *index,
                            cv_error *err)
{
    lock_registering(tracer);
    uint32_t claimed = atomic_load(&tracer->lanes_claimed);
    cv_status status = CV_OK;
    for (uint32_t i = 0; i < claimed && status == CV_OK; i++)
        if (strcmp(tracer->lanes[i].name, name) == 0)
            status = cv_fail(err, CV_ERR_USAGE, "", 0,
                             "lane %s: a lane of that name is already registered; give each "
                             "thread or process its own name (P0, P1, ...)",
                             name);
    if (status == CV_OK && claimed >= tracer->max_lanes)
        status = cv_fail(err, CV_ERR_USAGE, "", 0,
                         "lane %s: the trace holds %u lanes (cv_tracer_options.max_lanes)", name,
                         tracer->max_lanes);
    if (status == CV_OK) {
        memcpy(tracer->lanes[claimed].name, name, length + 1);
        *index = claimed;
        atomic_store(&tracer->lanes_claimed, claimed + 1);
    }
    pthread_mutex_unlock(&tracer->registering);
    return status;
}

CV_TRACER_EXPORT cv_status cv_tracer_lane_register(cv_tracer *tracer, const char *name,
                                                   cv_tracer_role role, cv_tracer_lane **out,
                                                   cv_error *err)
{
    if (out)
        *out = NULL;
    if (!tracer || !name || !out)
        return cv_fail(err, CV_ERR_USAGE, "", 0,
                       "cv_tracer_lane_register: tracer, name and out are required");
    if (!cv_tracer_is_open(tracer))
        return cv_fail(err, CV_ERR_USAGE, "", 0,
                       "lane %.80s: the trace is not open (closed already?)", name);
    size_t length = strlen(name);
    if (length == 0 || length > CV_TRACER_NAME_MAX)
        return cv_fail(err, CV_ERR_USAGE, "", 0, "lane name \"%.80s\": 1 to %d bytes", name,
                       CV_TRACER_NAME_MAX);
    if (role != CV_TRACER_PRODUCER && role != CV_TRACER_CONSUMER)
        return cv_fail(err, CV_ERR_USAGE, "", 0,
                       "lane %s: role %d is neither CV_TRACER_PRODUCER nor CV_TRACER_CONSUMER",
                       name, (int)role);
    uint32_t index;
    cv_status status = claim_lane(tracer, name, length, &index, err);
    if (status != CV_OK)
        return status;
    cv_tracer_lane *lane = &tracer->lanes[index];
    lane->role = (cv_role)role;
    lane->pid = getpid();
    lane->tid = gettid();
    lane->owner = pthread_self();
    atomic_store(&lane->foreign_calls, 0);
    cv_ring *ring = cv_tracer_ring(tracer, index);
    map_ring_ahead(ring, tracer->ring_stride);
    cv_ring_init(ring, tracer->ring_events);
    int64_t now = cv_run_clock_read(&tracer->clock);
    if (now < 0)
        now = 0;
    cv_probe_init(&lane->probe, &tracer->clock, ring, &lane->shared, true, now);
    cv_probe_set_state_since(&lane->probe, CV_STATE_WORK, now);
    atomic_store_explicit(&lane->registered, 1, memory_order_release);
    *out = lane;
    return CV_OK;
}

CV_TRACER_EXPORT cv_status cv_tracer_state_set(cv_tracer_lane *lane, cv_tracer_state state)
{
    if (!cv_tracer_lane_recording(lane) || !cv_tracer_state_valid(state))
        return CV_ERR_USAGE;
    cv_probe_set_state(&lane->probe, (cv_state)state);
    if (state == CV_TRACER_DONE)
        cv_probe_close(&lane->probe);
    return CV_OK;
}

CV_TRACER_EXPORT cv_status cv_tracer_put(cv_tracer_lane *lane, uint32_t item, uint32_t fill_items)
{
    if (!cv_tracer_lane_recording(lane))
        return CV_ERR_USAGE;
    cv_probe_instant(&lane->probe, CV_EVENT_PUT, item, fill_items);
    return CV_OK;
}

CV_TRACER_EXPORT cv_status cv_tracer_get(cv_tracer_lane *lane, uint32_t item, uint32_t fill_items)
{
    if (!cv_tracer_lane_recording(lane))
        return CV_ERR_USAGE;
    cv_probe_instant(&lane->probe, CV_EVENT_GET, item, fill_items);
    return CV_OK;
}
