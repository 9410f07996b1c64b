/*
 * backend_threads.c — workers as threads of this process. The region is
 * private memory and the semaphores are process-private; a thread's spawn
 * time is what pthread_create costs until the new thread runs.
 */
#include <errno.h>
#include <stdlib.h>

#include "backend.h"
#include "fault.h"
#include "worker.h"
#include "worker_loop.h"

/* Enough for the worker loop; keeps 1024 threads cheap. */
#define WORKER_STACK_BYTES (256 * 1024)

typedef struct thread_start {
    cv_launch launch;
    uint32_t index;
} thread_start;

static void *thread_main(void *arg)
{
    thread_start start = *(thread_start *)arg;
    free(arg);
    cv_worker worker;
    cv_worker_init(&worker, start.launch.control, start.launch.scenario, start.index,
                   start.launch.iterations_per_us);
    cv_worker_run(&worker);
    return NULL;
}

cv_status cv_threads_start_worker(const cv_launch *launch, uint32_t index, pthread_t *thread,
                                  cv_error *err)
{
    thread_start *start = malloc(sizeof *start);
    if (!start)
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory starting worker %u", index);
    *start = (thread_start){*launch, index};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, WORKER_STACK_BYTES);
    cv_worker_mark_spawn(launch->control, index);
    int rc =
        cv_fault_injected("thread") ? EAGAIN : pthread_create(thread, &attr, thread_main, start);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        free(start);
        errno = rc;
        return cv_fail_errno(err, "pthread_create (starting a worker thread)");
    }
    return CV_OK;
}

void cv_threads_join_all(const pthread_t *threads, uint32_t started)
{
    for (uint32_t i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
}

bool cv_threads_all_finished(cv_control *control, uint32_t started)
{
    for (uint32_t i = 0; i < started; i++) {
        cv_worker_slot *slot = cv_region_worker(control, i);
        if (!atomic_load(&slot->finished))
            return false;
    }
    return true;
}
