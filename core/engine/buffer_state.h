/*
 * buffer_state.h — the bounded buffer's part of the shared control block:
 * the progress counters, the three semaphores, the slot indices and the
 * condvar mode's mutex. The buffer (buffer.c) owns these fields; the region
 * embeds them, and the engine reads the counters for progress and judgement.
 */
#ifndef CONVEYOR_BUFFER_STATE_H
#define CONVEYOR_BUFFER_STATE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "futex_sem.h"

#define CV_NO_WORKER (-1)

typedef struct cv_buffer_state {
    /* Progress: see buffer.c for how consumers use these to finish. Each
     * side's counters have a cache line of their own: sharing one made every
     * item bounce it between the producer's core and the consumer's. */
    _Alignas(64) _Atomic uint64_t produce_claimed;  /* producers: next item id to make */
    _Alignas(64) _Atomic uint64_t items_put;        /* producers write, consumers read */
    _Alignas(64) _Atomic uint64_t consume_reserved; /* consumers */
    _Atomic uint64_t items_got;
    _Alignas(64) _Atomic uint32_t producers_alive; /* written once per producer */
    _Atomic uint32_t production_closed;

    /* Each semaphore on its own cache line: waiting workers retry them, and
     * a post to one should not disturb the others. */
    _Alignas(64) cv_sem empty;        /* free slots */
    _Alignas(64) cv_sem full;         /* filled slots */
    _Alignas(64) cv_sem lock;         /* binary: the buffer lock */
    _Alignas(64) _Atomic uint32_t in; /* next slot to fill; these four under the lock */
    _Atomic uint32_t out;             /* next slot to take */
    _Atomic uint32_t count;           /* items in the buffer */
    _Atomic int32_t lock_holder;      /* worker index holding the buffer lock, or CV_NO_WORKER */

    /* sync = condvar: the other classic solution (one-condvar uses only
     * cv_not_empty, as its one condition). */
    pthread_mutex_t cv_mutex;
    pthread_cond_t cv_not_full;
    pthread_cond_t cv_not_empty;

    /* sync = condvar-if: what the unchecked wake-ups did, written under
     * cv_mutex, read by the parent after the run to explain the ledger. */
    uint64_t empty_gets;        /* gets from an empty buffer */
    uint64_t overwrites;        /* puts into a full buffer: the oldest item lost */
    int32_t first_empty_getter; /* worker index, or CV_NO_WORKER */
    uint32_t first_empty_item;  /* the item it took a second time */
    int32_t first_overwriter;   /* worker index, or CV_NO_WORKER */
    uint32_t first_lost_item;   /* the item its put overwrote */
} cv_buffer_state;

#endif
