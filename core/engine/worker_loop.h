/*
 * worker_loop.h — running one worker to its end: the body of a thread or a
 * child process. The only part of a worker above the buffer, the GIL and the
 * work model; a hold before each synchronisation operation (step mode)
 * belongs here.
 */
#ifndef CONVEYOR_WORKER_LOOP_H
#define CONVEYOR_WORKER_LOOP_H

#include "worker.h"

/* Produce or consume until the run's items are done, it is stopped, or
 * (consumers) production is over and the buffer is empty; then record
 * `done` and mark the worker's slot finished. */
void cv_worker_run(cv_worker *worker);

#endif
