/*
 * backend_threads.c — workers as threads of this process. The region is
 * private memory and the semaphores are process-private; a thread's spawn
 * time is what pthread_create costs until the new thread runs.
 */
#include <errno.h>
#include <stdlib.h>

#include "engine_internal.h"
#include "fault.h"
#include "worker.h"

/* Enough for the worker loop; keeps 1024 threads cheap. */
#define WORKER_STACK_BYTES (256 * 1024)

typedef struct thread_start {
    cv_engine *engine;
    uint32_t index;
} thread_start;

static void *thread_main(void *arg)
{
    thread_start start = *(thread_start *)arg;
    free(arg);
    cv_worker worker;
    cv_worker_init(&worker, start.engine->control, &start.engine->scenario, start.index,
                   start.engine->iterations_per_us);
    cv_worker_run(&worker);
    return NULL;
}

cv_status cv_threads_start_worker(cv_engine *engine, uint32_t index, cv_error *err)
{
    thread_start *start = malloc(sizeof *start);
    if (!start)
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory starting worker %u", index);
    *start = (thread_start){engine, index};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, WORKER_STACK_BYTES);
    cv_engine_mark_spawn(engine, index);
    int rc = cv_fault_injected("thread")
                 ? EAGAIN
                 : pthread_create(&engine->threads[index], &attr, thread_main, start);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        free(start);
        errno = rc;
        return cv_fail_errno(err, "pthread_create (starting a worker thread)");
    }
    return CV_OK;
}

void cv_threads_join_all(cv_engine *engine)
{
    for (uint32_t i = 0; i < engine->started; i++)
        pthread_join(engine->threads[i], NULL);
}

bool cv_threads_all_finished(cv_engine *engine)
{
    for (uint32_t i = 0; i < engine->started; i++) {
        if (!atomic_load(&cv_region_worker(engine->control, i)->finished))
            return false;
    }
    return true;
}
