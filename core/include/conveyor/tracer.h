/*
 * tracer.h — trace your own producer/consumer program and draw it with
 * conveyor (`conveyor view trace.cvtrace`, `conveyor render`).
 *
 * Open a trace, register one lane per thread or process that you want to
 * see (a name and a role), tell the tracer what each lane is doing (working,
 * in I/O, waiting for a free slot, for an item, for the lock) and when it
 * puts or gets an item, then close: the trace is written as conveyor's
 * native file. Link with `$(pkg-config --cflags --libs conveyor)`;
 * docs/tracer.md has complete programs.
 *
 * - Threads: every lane has its own ring; recording an event is a clock
 *   read and a store into that ring (no lock, no system call; see
 *   bench/tracer_bench.c for what it costs). A thread registers its own
 *   lane and only that thread records on it.
 * - Processes: the rings live in shared memory that fork() hands down, so a
 *   child forked after cv_tracer_open registers and records its own lane
 *   the same way. A child that dies before its lane reaches CV_TRACER_DONE
 *   is noticed by the tracer: its lane ends there, marked as died.
 * - The process that opened the trace collects every ring in a background
 *   thread (every millisecond, all signals blocked) and is the one that
 *   closes it.
 *
 * Times are nanoseconds on CLOCK_MONOTONIC from cv_tracer_open. Errors are
 * values: the functions that can fail return a cv_status (conveyor/status.h)
 * and, when err is not NULL, fill it with a message; the library never
 * prints. Compiling with -DCONVEYOR_TRACER_OFF turns every call into nothing
 * (the wrappers call the plain sem_wait, pthread_mutex_lock and
 * pthread_cond_wait), so the program builds and runs without the library.
 */
#ifndef CONVEYOR_TRACER_H
#define CONVEYOR_TRACER_H

#include <pthread.h>
#include <semaphore.h>
#include <stddef.h>
#include <stdint.h>

#include "conveyor/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a lane is doing; the values are conveyor's worker states. */
typedef enum cv_tracer_state {
    CV_TRACER_WORK = 1,      /* running its own code on a core */
    CV_TRACER_READY = 2,     /* runnable, waiting for a core (the tracer also measures it) */
    CV_TRACER_IO = 3,        /* sleeping on I/O (a sleep, a read) */
    CV_TRACER_WAIT_SLOT = 4, /* a producer blocked: the buffer is full */
    CV_TRACER_WAIT_ITEM = 5, /* a consumer blocked: the buffer is empty */
    CV_TRACER_WAIT_LOCK = 6, /* blocked on the buffer's lock */
    CV_TRACER_DONE = 8       /* finished: final, nothing is recorded after it */
} cv_tracer_state;

/* Lane roles, as conveyor draws them. */
typedef enum cv_tracer_role { CV_TRACER_PRODUCER = 0, CV_TRACER_CONSUMER = 1 } cv_tracer_role;

/* The most lanes one trace can hold, and a lane name's longest length. */
#define CV_TRACER_MAX_LANES 1024
#define CV_TRACER_NAME_MAX 63

/* Everything is optional: a zeroed struct (or NULL) means the defaults. */
typedef struct cv_tracer_options {
    const char *name;      /* the trace's title; default: the file name without .cvtrace */
    uint32_t max_lanes;    /* lanes that can be registered; default 64, at most 1024 */
    uint32_t buffer_slots; /* the buffer's capacity, drawn as its slots; default 0 (unknown) */
    uint32_t ring_events;  /* events each lane's ring holds between collections; a power
                              of two, default 65536 (1 MB of shared memory a lane) */
} cv_tracer_options;

typedef struct cv_tracer cv_tracer;           /* one open trace */
typedef struct cv_tracer_lane cv_tracer_lane; /* one registered lane */

#ifndef CONVEYOR_TRACER_OFF

/*
 * Start a trace that cv_tracer_close will write to path, which must end in
 * ".cvtrace". Maps the shared memory for options->max_lanes rings, reads
 * the clock's calibration (about 50 ms, once per process) and starts the
 * collecting thread; call it before any fork() whose children record.
 * *out is the trace, or NULL on failure. A message about the file names
 * the path. Errors: CV_ERR_USAGE for a NULL path or out, an empty path,
 * one ending in '/', a file name that is only ".cvtrace" or does not end
 * in .cvtrace, max_lanes above 1024, a ring size that is not a power of
 * two between 1024 and 16 Mi, or 64 traces already open in the process;
 * CV_ERR_IO when path is an existing folder (said before anything about
 * its name), or its folder is missing or takes no new file (checked now,
 * before the program runs, by making and removing a small file there); CV_ERR_SYSTEM when the
 * shared memory or the thread cannot be had; CV_ERR_NOMEM.
 */
cv_status cv_tracer_open(const char *path, const cv_tracer_options *options, cv_tracer **out,
                         cv_error *err);

/*
 * Register a lane for the calling thread (or process) and enter `work`.
 * name: shown on the lane, at most 63 bytes; role: producer or consumer.
 * Call it in the thread or child process that will record on the lane:
 * the lane remembers that thread (for `ready`) and that process (to notice
 * its death). *out is the lane, or NULL on failure. Errors: CV_ERR_USAGE
 * for a NULL or closed tracer, name or out, an empty or too long name, a name
 * another lane of this trace already has (in any process: two lanes of
 * one name could not be told apart), a role out of range, or more lanes
 * than max_lanes.
 */
cv_status cv_tracer_lane_register(cv_tracer *tracer, const char *name, cv_tracer_role role,
                                  cv_tracer_lane **out, cv_error *err);

/*
 * The lane is now in `state`, from this moment until its next state.
 * Entering the state it is already in records nothing. CV_TRACER_DONE is
 * final: call it last, before the thread or process ends. Errors:
 * CV_ERR_USAGE for a NULL lane, a state that is not one of
 * cv_tracer_state, a lane already done, or a call from a thread other
 * than the one that registered the lane (nothing is recorded; such calls
 * are counted and cv_tracer_close reports them).
 */
cv_status cv_tracer_state_set(cv_tracer_lane *lane, cv_tracer_state state);

/*
 * An item handed over through the buffer: put (placed in it) or get (taken
 * from it), with the item's id (any number; a get names the id its put
 * named) and the buffer's fill, in items, just after the operation. Call
 * it inside the critical section, with the buffer's lock held: the lock
 * then orders every put and get, so no get is stamped before its put and
 * the fill drawn is exact (a call costs tens of nanoseconds). The lane's
 * state does not change. Errors: CV_ERR_USAGE for a NULL or done lane, or
 * a call from another thread than the lane's (as state_set).
 */
cv_status cv_tracer_put(cv_tracer_lane *lane, uint32_t item, uint32_t fill_items);
cv_status cv_tracer_get(cv_tracer_lane *lane, uint32_t item, uint32_t fill_items);

/*
 * The blocking calls, recorded only when they block. Each tries first
 * (sem_trywait, pthread_mutex_trylock); when that succeeds it returns at
 * once and records nothing. When it would block, the lane enters
 * `waiting` (sem: the state you pass, CV_TRACER_WAIT_SLOT on a producer's
 * "empty slots" semaphore, CV_TRACER_WAIT_ITEM on a consumer's "items"
 * one; mutex: CV_TRACER_WAIT_LOCK) from the moment the try failed, makes
 * the blocking call, then goes back to the state it was in (after a
 * `ready` span if it waited for a core once woken). A condition wait
 * always sleeps, so it is always recorded, as `waiting`.
 * They return what the call they wrap returns: cv_tracer_sem_wait 0, or -1
 * with errno set (EINTR, EINVAL), as sem_wait; the other two an error
 * number, as pthread_mutex_lock and pthread_cond_wait. A NULL or done
 * lane, a lane another thread registered (counted, as state_set), or a
 * `waiting` that is not CV_TRACER_WAIT_SLOT, _WAIT_ITEM or _WAIT_LOCK,
 * makes them plain calls that record nothing.
 */
int cv_tracer_sem_wait(cv_tracer_lane *lane, sem_t *sem, cv_tracer_state waiting);
int cv_tracer_mutex_lock(cv_tracer_lane *lane, pthread_mutex_t *mutex);
int cv_tracer_cond_wait(cv_tracer_lane *lane, pthread_cond_t *cond, pthread_mutex_t *mutex,
                        cv_tracer_state waiting);

/*
 * Stop collecting and write the trace, then free it (the lanes go with it:
 * every lane's thread must be done recording, every child must have ended).
 * Lanes of processes that ended before `done` are closed there and marked
 * died (the trace's outcome is then worker-died). Only the process that
 * opened the trace may close it, once; a NULL tracer is CV_OK. A lane
 * must not be used after its trace is closed (its memory is gone).
 * Errors: CV_ERR_USAGE from another process (nothing is freed) or for a
 * trace already closed, and, with the trace written, when a lane refused
 * calls from a thread other than its own (the message names the lane);
 * CV_ERR_IO, the message naming the path, when it cannot be written (a
 * full disk: the file is written whole or not at all, and no temporary
 * file is left; the tracer is freed all the same);
 * CV_ERR_NOMEM when the collected events outgrew memory.
 */
cv_status cv_tracer_close(cv_tracer *tracer, cv_error *err);

/* Events lost because a lane's ring was full when it recorded (the
 * collector had no core for a while); 0 for a NULL tracer. */
uint64_t cv_tracer_dropped_events(const cv_tracer *tracer);

#else /* CONVEYOR_TRACER_OFF: every call does nothing and costs nothing */

static inline cv_status cv_tracer_open(const char *path, const cv_tracer_options *options,
                                       cv_tracer **out, cv_error *err)
{
    (void)path, (void)options, (void)err;
    if (out)
        *out = NULL;
    return CV_OK;
}
static inline cv_status cv_tracer_lane_register(cv_tracer *tracer, const char *name,
                                                cv_tracer_role role, cv_tracer_lane **out,
                                                cv_error *err)
{
    (void)tracer, (void)name, (void)role, (void)err;
    if (out)
        *out = NULL;
    return CV_OK;
}
static inline cv_status cv_tracer_state_set(cv_tracer_lane *lane, cv_tracer_state state)
{
    (void)lane, (void)state;
    return CV_OK;
}
static inline cv_status cv_tracer_put(cv_tracer_lane *lane, uint32_t item, uint32_t fill_items)
{
    (void)lane, (void)item, (void)fill_items;
    return CV_OK;
}
static inline cv_status cv_tracer_get(cv_tracer_lane *lane, uint32_t item, uint32_t fill_items)
{
    (void)lane, (void)item, (void)fill_items;
    return CV_OK;
}
static inline int cv_tracer_sem_wait(cv_tracer_lane *lane, sem_t *sem, cv_tracer_state waiting)
{
    (void)lane, (void)waiting;
    return sem_wait(sem);
}
static inline int cv_tracer_mutex_lock(cv_tracer_lane *lane, pthread_mutex_t *mutex)
{
    (void)lane;
    return pthread_mutex_lock(mutex);
}
static inline int cv_tracer_cond_wait(cv_tracer_lane *lane, pthread_cond_t *cond,
                                      pthread_mutex_t *mutex, cv_tracer_state waiting)
{
    (void)lane, (void)waiting;
    return pthread_cond_wait(cond, mutex);
}
static inline cv_status cv_tracer_close(cv_tracer *tracer, cv_error *err)
{
    (void)tracer, (void)err;
    return CV_OK;
}
static inline uint64_t cv_tracer_dropped_events(const cv_tracer *tracer)
{
    (void)tracer;
    return 0;
}

#endif /* CONVEYOR_TRACER_OFF */

#ifdef __cplusplus
}
#endif

#endif
