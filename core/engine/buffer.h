/*
 * buffer.h — the bounded buffer and the four ways to guard it.
 *
 * semaphores: empty/full counting semaphores and a binary lock (the
 * textbook solution); no-mutex: the lock left out, with the window between
 * reading and advancing a slot index widened so the race shows every run;
 * mutex-first: the lock taken before the counting semaphore (deadlocks);
 * condvar: one mutex and two condition variables; one-condvar: one
 * condition variable for both sides, with signal (lost wake-ups hang the
 * run); condvar-if: two, with `if` where `while` belongs (a woken consumer
 * takes from an empty buffer, a woken producer overwrites a full one).
 * Every blocking wait is tried first and retried briefly (see spin_on in
 * buffer.c), recorded as a wait state only if the worker really blocks, and
 * timed, so a stop request always gets through; the two broken condvar
 * modes' condition waits are untimed, as in the textbook, and a stop wakes
 * them on purpose (cv_buffer_wake_sleepers).
 */
#ifndef CONVEYOR_BUFFER_H
#define CONVEYOR_BUFFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conveyor/status.h"
#include "conveyor/trace.h"
#include "conveyor/types.h"
#include "region.h"
#include "worker.h"

/* Set up the buffer's part of the control block for a sync mode: its
 * semaphores, or its mutex and condition variables. CV_ERR_SYSTEM or
 * CV_ERR_NOMEM (err filled) if pthread refuses the latter. */
cv_status cv_buffer_init(cv_control *control, cv_sync sync, cv_error *err);
void cv_buffer_destroy(cv_control *control, cv_sync sync);

/* Put an item; false if the run was stopped first. */
bool cv_buffer_put(cv_worker *worker, uint32_t item);

typedef enum cv_get_result { CV_GET_ITEM, CV_GET_FINISHED, CV_GET_STOPPED } cv_get_result;

/* Take an item, or learn that production is over and the buffer drained. */
cv_get_result cv_buffer_get(cv_worker *worker, uint32_t *item);

/* Called once by the last producer to finish: wake every waiting consumer. */
void cv_buffer_close_production(cv_worker *worker);

/* The parent, after setting the stop flag: wake every worker asleep on an
 * untimed condition wait (one-condvar, condvar-if; nothing for the other
 * modes). Takes the condvar mutex, waiting at most one wait slice for it
 * (a dead process may hold it), so no sleeper can miss the stop between
 * checking it and going to sleep. Safe to call more than once. */
void cv_buffer_wake_sleepers(cv_control *control, cv_sync sync);

/* Items still in the buffer after the run: put minus got, less the items
 * condvar-if overwrote (those are lost, not left over). */
uint64_t cv_buffer_items_left(const cv_control *control);

/* After a run with sync = condvar-if whose ledger failed: say what the
 * unchecked wake-ups did into text ("C1 took item 17 from an empty buffer
 * ..."), naming workers from lanes. False (text untouched) if the buffer
 * saw no such misuse. */
bool cv_buffer_explain_misuse(const cv_control *control, const cv_lane_info *lanes, char *text,
                              size_t size);

#endif
