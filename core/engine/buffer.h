/*
 * buffer.h — the bounded buffer and the four ways to guard it.
 *
 * semaphores: empty/full counting semaphores and a binary lock (the
 * textbook solution); no-mutex: the lock left out, with the window between
 * reading and advancing a slot index widened so the race shows every run;
 * mutex-first: the lock taken before the counting semaphore (deadlocks);
 * condvar: one mutex and two condition variables. Every blocking wait is
 * tried first and retried briefly (see spin_on in buffer.c), recorded as a
 * wait state only if the worker really blocks, and timed, so a stop request
 * always gets through.
 */
#ifndef CONVEYOR_BUFFER_H
#define CONVEYOR_BUFFER_H

#include <stdbool.h>
#include <stdint.h>

#include "conveyor/status.h"
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

#endif
