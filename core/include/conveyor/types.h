/*
 * types.h — the small vocabulary every layer shares: worker roles, backends,
 * sync modes, worker states, the name limits, and their printed names.
 *
 * The printed names are part of the file formats (scenarios, reports,
 * traces), so each table lives in one place (core/base/types.c) and the
 * scenario loader reads its choices from the same tables.
 */
#ifndef CONVEYOR_TYPES_H
#define CONVEYOR_TYPES_H

#include <stdbool.h>
#include <stddef.h>

#define CV_NAME_MAX 64         /* a scenario's name, with the NUL */
#define CV_DESCRIPTION_MAX 512 /* a scenario's description, with the NUL */
#define CV_LANE_NAME_MAX 64    /* a lane's name ("P0", "fast3"), with the NUL */

typedef enum cv_role { CV_ROLE_PRODUCER = 0, CV_ROLE_CONSUMER = 1 } cv_role;

typedef enum cv_backend { CV_BACKEND_THREADS = 0, CV_BACKEND_PROCESSES = 1 } cv_backend;
#define CV_BACKEND_COUNT 2

typedef enum cv_sync {
    CV_SYNC_SEMAPHORES = 0, /* textbook: empty/full counting semaphores + a lock */
    CV_SYNC_NO_MUTEX,       /* the lock left out: races lose and duplicate items */
    CV_SYNC_MUTEX_FIRST,    /* lock taken before the counting semaphore: deadlock */
    CV_SYNC_CONDVAR,        /* one mutex and two condition variables */
    CV_SYNC_ONE_CONDVAR,    /* one condition variable for both sides, signal: lost wake-ups */
    CV_SYNC_CONDVAR_IF      /* two condition variables, `if` not `while`: empty gets */
} cv_sync;
#define CV_SYNC_COUNT 6

/* The modes built on a mutex and condition variables rather than semaphores. */
static inline bool cv_sync_uses_condvar(cv_sync sync)
{
    return sync == CV_SYNC_CONDVAR || sync == CV_SYNC_ONE_CONDVAR || sync == CV_SYNC_CONDVAR_IF;
}

/* Worker states, in legend order. */
typedef enum cv_state {
    CV_STATE_SPAWN = 0, /* from the request to start until the first instruction */
    CV_STATE_WORK,      /* running on a core: CPU work or the worker's own code */
    CV_STATE_READY,     /* runnable but waiting for a core: preempted, or woken and not yet run */
    CV_STATE_IO,        /* sleeping in an I/O step */
    CV_STATE_WAIT_SLOT, /* producer blocked: buffer full */
    CV_STATE_WAIT_ITEM, /* consumer blocked: buffer empty */
    CV_STATE_WAIT_LOCK, /* blocked on the buffer lock */
    CV_STATE_WAIT_GIL,  /* blocked on the emulated GIL */
    CV_STATE_DONE,      /* finished */
    CV_STATE_COUNT
} cv_state;

/* Step mode: the synchronisation operation a worker is held before (its
 * gate), one step each. The printed names are a schedule file's words. */
typedef enum cv_step_op {
    CV_STEP_NONE = 0,        /* not at a gate: running, or not started */
    CV_STEP_CLAIM,           /* take the next item id from the shared counter */
    CV_STEP_WAIT_EMPTY,      /* wait on the `empty` semaphore (a free slot) */
    CV_STEP_WAIT_FULL,       /* wait on the `full` semaphore (an item) */
    CV_STEP_LOCK,            /* take the buffer lock (or the condvar modes' mutex) */
    CV_STEP_READ_IN,         /* no-mutex: read the index of the slot to fill */
    CV_STEP_PUT,             /* write the item into its slot and advance */
    CV_STEP_READ_OUT,        /* no-mutex: read the index of the slot to take */
    CV_STEP_GET,             /* take the item from its slot and advance */
    CV_STEP_UNLOCK,          /* release the buffer lock (or the mutex) */
    CV_STEP_POST_FULL,       /* post `full`: one more item */
    CV_STEP_POST_EMPTY,      /* post `empty`: one more free slot */
    CV_STEP_WAIT_NOT_FULL,   /* condvar modes: sleep on `not full`, releasing the mutex */
    CV_STEP_WAIT_NOT_EMPTY,  /* sleep on `not empty` (one-condvar's one condition) */
    CV_STEP_RELOCK,          /* woken from a condition wait: take the mutex again */
    CV_STEP_SIGNAL_NOT_FULL, /* signal `not full` */
    CV_STEP_SIGNAL_NOT_EMPTY,
    CV_STEP_CLOSE, /* the last producer ends production and wakes the consumers */
    CV_STEP_COUNT
} cv_step_op;

/* The names, indexed by value: "threads" "processes"; "semaphores"
 * "no-mutex" "mutex-first" "condvar" "one-condvar" "condvar-if". The
 * scenario loader offers these. */
extern const char *const cv_backend_names[CV_BACKEND_COUNT];
extern const char *const cv_sync_names[CV_SYNC_COUNT];

/* "threads" | "processes"; "unknown" for a value out of range. */
const char *cv_backend_name(cv_backend backend);
/* "semaphores" | "no-mutex" | "mutex-first" | "condvar" | "one-condvar" | "condvar-if";
 * "unknown" out of range. */
const char *cv_sync_name(cv_sync sync);
/* "producer" | "consumer". */
const char *cv_role_name(cv_role role);
/* "spawn", "work", "ready", "io", "wait-slot", "wait-item", "wait-lock", "wait-gil",
 * "done"; "unknown" out of range. */
const char *cv_state_name(cv_state state);
/* "claim", "wait empty", "wait full", "lock", "read in", "put", "read out",
 * "get", "unlock", "post full", "post empty", "wait not full", "wait not
 * empty", "relock", "signal not full", "signal not empty", "close"; "none" for CV_STEP_NONE,
 * "unknown" out of range. */
const char *cv_step_op_name(cv_step_op op);
/* The operation printed as name; false (and *out untouched) if none is. */
bool cv_step_op_from_name(const char *name, cv_step_op *out);
/* The state printed as name; false (and *out untouched) if none is. */
bool cv_state_from_name(const char *name, cv_state *out);

#endif
