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

#include <errno.h>
#include <string.h>

#include "buffer.h"
#include "clock.h"

cv_status cv_gil_init(cv_gil *gil, bool process_shared, cv_error *err)
{
    int pshared = process_shared ? PTHREAD_PROCESS_SHARED : PTHREAD_PROCESS_PRIVATE;
    pthread_mutexattr_t mutex_attr;
    pthread_condattr_t cond_attr;
    pthread_mutexattr_init(&mutex_attr);
    pthread_mutexattr_setpshared(&mutex_attr, pshared);
    pthread_condattr_init(&cond_attr);
    pthread_condattr_setpshared(&cond_attr, pshared);
    pthread_condattr_setclock(&cond_attr, CLOCK_MONOTONIC);
    int rc = pthread_mutex_init(&gil->mutex, &mutex_attr);
    if (rc == 0) {
        rc = pthread_cond_init(&gil->changed, &cond_attr);
        if (rc != 0)
            pthread_mutex_destroy(&gil->mutex);
    }
    pthread_mutexattr_destroy(&mutex_attr);
    pthread_condattr_destroy(&cond_attr);
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
    pthread_cond_destroy(&gil->changed);
    pthread_mutex_destroy(&gil->mutex);
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

    cv_worker_set_state(worker, CV_STATE_WAIT_GIL);
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
    return true;
}

void cv_gil_release(cv_worker *worker)
{
    cv_gil *gil = worker->gil;
    if (!worker->holds_gil)
        return;
    pthread_mutex_lock(&gil->mutex);
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
    cv_worker_set_state(worker, CV_STATE_WAIT_GIL);
    cv_gil_release(worker);
    if (!cv_gil_acquire(worker))
        return false;
    cv_worker_set_state(worker, CV_STATE_WORK);
    return true;
}
