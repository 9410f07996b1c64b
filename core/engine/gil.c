/*
 * gil.c — the emulated GIL (see gil.h).
 *
 * A ticket lock rather than a plain mutex: a plain mutex lets the releasing
 * worker take it straight back, which is exactly the convoy CPython's forced
 * switch exists to prevent. Tickets make the hand-over FIFO. The internal
 * mutex is held only for a few instructions; waiting happens on the
 * condition variable in timed slices so a stop request is always seen.
 */
#include "gil.h"

#include <assert.h>
#include <errno.h>

#include "clock.h"
#include "probe.h"
#include "pshared.h"

cv_status cv_gil_init(cv_gil *gil, bool process_shared, cv_error *err)
{
    pthread_cond_t *const conds[] = {&gil->changed};
    int rc = cv_pshared_init(&gil->mutex, conds, 1, process_shared);
    if (rc != 0) {
        errno = rc;
        return cv_fail_errno(err, "initialising the emulated GIL");
    }
    gil->next_ticket = 0;
    gil->now_serving = 0;
    atomic_store(&gil->waiting, 0);
    return CV_OK;
}

void cv_gil_destroy(cv_gil *gil)
{
    pthread_cond_t *const conds[] = {&gil->changed};
    cv_pshared_destroy(&gil->mutex, conds, 1);
}

bool cv_gil_acquire(cv_worker *worker)
{
    cv_gil *gil = worker->gil;
    pthread_mutex_lock(&gil->mutex);
    uint64_t ticket = gil->next_ticket++;
    if (ticket == gil->now_serving) {
        pthread_mutex_unlock(&gil->mutex);
        worker->holds_gil = true;
        return true;
    }
    atomic_fetch_add(&gil->waiting, 1);
    pthread_mutex_unlock(&gil->mutex);

    cv_probe_set_state(&worker->probe, CV_STATE_WAIT_GIL);
    pthread_mutex_lock(&gil->mutex);
    while (gil->now_serving != ticket) {
        struct timespec until = cv_timespec_from_ns(cv_mono_ns() + CV_WAIT_SLICE_NS);
        pthread_cond_clockwait(&gil->changed, &gil->mutex, CLOCK_MONOTONIC, &until);
        if (gil->now_serving != ticket && cv_worker_should_stop(worker)) {
            /* The ticket is abandoned; every other waiter is stopping too. */
            atomic_fetch_sub(&gil->waiting, 1);
            pthread_mutex_unlock(&gil->mutex);
            return false;
        }
    }
    atomic_fetch_sub(&gil->waiting, 1);
    pthread_mutex_unlock(&gil->mutex);
    worker->holds_gil = true;
    /* Holding the GIL but not yet on a core is `ready`, not `wait-gil`. */
    cv_probe_resume_after_sleep(&worker->probe);
    return true;
}

void cv_gil_release(cv_worker *worker)
{
    cv_gil *gil = worker->gil;
    if (!worker->holds_gil)
        return;
    pthread_mutex_lock(&gil->mutex);
    /* The holder's ticket is the one being served; no ticket is served twice. */
    assert(gil->now_serving < gil->next_ticket);
    gil->now_serving++;
    pthread_cond_broadcast(&gil->changed);
    pthread_mutex_unlock(&gil->mutex);
    worker->holds_gil = false;
}

bool cv_gil_yield_if_wanted(cv_worker *worker)
{
    if (atomic_load_explicit(&worker->gil->waiting, memory_order_relaxed) == 0)
        return true;
    /* Leave `work` before letting go, so the hand-over never looks like overlap. */
    cv_probe_set_state(&worker->probe, CV_STATE_WAIT_GIL);
    cv_gil_release(worker);
    if (!cv_gil_acquire(worker))
        return false;
    cv_probe_set_state(&worker->probe, CV_STATE_WORK);
    return true;
}
