/*
 * pshared.c — one set-up of process-shared (or private) mutexes and
 * CLOCK_MONOTONIC condition variables (see pshared.h).
 */
#include "pshared.h"

#include <time.h>

int cv_pshared_init(pthread_mutex_t *mutex, pthread_cond_t *const *conds, size_t cond_count,
                    bool process_shared)
{
    int pshared = process_shared ? PTHREAD_PROCESS_SHARED : PTHREAD_PROCESS_PRIVATE;
    pthread_mutexattr_t mutex_attr;
    pthread_condattr_t cond_attr;
    pthread_mutexattr_init(&mutex_attr);
    pthread_mutexattr_setpshared(&mutex_attr, pshared);
    if (process_shared)
        pthread_mutexattr_setrobust(&mutex_attr, PTHREAD_MUTEX_ROBUST);
    pthread_condattr_init(&cond_attr);
    pthread_condattr_setpshared(&cond_attr, pshared);
    pthread_condattr_setclock(&cond_attr, CLOCK_MONOTONIC);
    int rc = pthread_mutex_init(mutex, &mutex_attr);
    size_t made = 0;
    while (rc == 0 && made < cond_count) {
        rc = pthread_cond_init(conds[made], &cond_attr);
        if (rc == 0)
            made++;
        else
            cv_pshared_destroy(mutex, conds, made); /* all or none */
    }
    pthread_mutexattr_destroy(&mutex_attr);
    pthread_condattr_destroy(&cond_attr);
    return rc;
}

void cv_pshared_destroy(pthread_mutex_t *mutex, pthread_cond_t *const *conds, size_t cond_count)
{
    for (size_t i = 0; i < cond_count; i++)
        pthread_cond_destroy(conds[i]);
    pthread_mutex_destroy(mutex);
}
