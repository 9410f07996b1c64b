/*
 * pshared.h — setting up a mutex and its condition variables to live in the
 * shared region: process-shared for the processes backend, private for
 * threads, and condition waits timed on CLOCK_MONOTONIC (every wait in a run
 * is timed so a stop request gets through). A process-shared mutex is
 * robust: when its holder dies, the next locker gets EOWNERDEAD (holding
 * it) instead of waiting for ever. The buffer's condvar mode and the
 * emulated GIL both use it.
 */
#ifndef CONVEYOR_PSHARED_H
#define CONVEYOR_PSHARED_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

/* Initialise mutex and conds[0..cond_count): all of them, or (returning the
 * error number pthread gave) none. 0 on success. */
int cv_pshared_init(pthread_mutex_t *mutex, pthread_cond_t *const *conds, size_t cond_count,
                    bool process_shared);

/* Destroy what cv_pshared_init set up. */
void cv_pshared_destroy(pthread_mutex_t *mutex, pthread_cond_t *const *conds, size_t cond_count);

#endif
