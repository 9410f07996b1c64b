/*
 * tracer_wait.c — sem_wait, pthread_mutex_lock and pthread_cond_wait,
 * recorded only when they block (see conveyor/tracer.h). As the engine's
 * buffer does (core/engine/buffer.c), each call is tried first; only when
 * the try fails does the lane enter its wait state, stamped at that
 * moment, so a wait that never happened draws nothing. Unlike the engine,
 * no spin comes before the sleep: the program's own behaviour is what is
 * being drawn. After the sleep, the probe turns the time the thread then
 * spent waiting for a core into `ready`.
 */
#include <errno.h>

#include "tracer_lane.h"

/* Enter `waiting` from now; returns the state to go back to. */
static cv_state begin_wait(cv_tracer_lane *lane, cv_tracer_state waiting)
{
    cv_state before = lane->probe.state;
    cv_probe_set_state(&lane->probe, (cv_state)waiting);
    return before;
}

static void end_wait(cv_tracer_lane *lane, cv_state before)
{
    cv_probe_resume_after_sleep(&lane->probe);
    cv_probe_set_state(&lane->probe, before);
}

CV_TRACER_EXPORT int cv_tracer_sem_wait(cv_tracer_lane *lane, sem_t *sem, cv_tracer_state waiting)
{
    if (!cv_tracer_lane_recording(lane) || !cv_tracer_state_is_wait(waiting))
        return sem_wait(sem);
    if (sem_trywait(sem) == 0)
        return 0;
    if (errno != EAGAIN)
        return -1;
    cv_state before = begin_wait(lane, waiting);
    int rc = sem_wait(sem);
    int saved = errno;
    end_wait(lane, before);
    errno = saved;
    return rc;
}

CV_TRACER_EXPORT int cv_tracer_mutex_lock(cv_tracer_lane *lane, pthread_mutex_t *mutex)
{
    if (!cv_tracer_lane_recording(lane))
        return pthread_mutex_lock(mutex);
    int rc = pthread_mutex_trylock(mutex);
    if (rc != EBUSY)
        return rc;
    cv_state before = begin_wait(lane, CV_TRACER_WAIT_LOCK);
    rc = pthread_mutex_lock(mutex);
    end_wait(lane, before);
    return rc;
}

CV_TRACER_EXPORT int cv_tracer_cond_wait(cv_tracer_lane *lane, pthread_cond_t *cond,
                                         pthread_mutex_t *mutex, cv_tracer_state waiting)
{
    if (!cv_tracer_lane_recording(lane) || !cv_tracer_state_is_wait(waiting))
        return pthread_cond_wait(cond, mutex);
    cv_state before = begin_wait(lane, waiting);
    int rc = pthread_cond_wait(cond, mutex);
    end_wait(lane, before);
    return rc;
}
