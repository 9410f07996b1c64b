/*
 * futex_sem.h — the buffer's counting semaphores, on a futex.
 *
 * Why not sem_t: glibc's sem_post makes a FUTEX_WAKE system call whenever a
 * waiter is registered, and a waiter stays registered from before it sleeps
 * until it runs again after its wake-up. With more workers than cores a
 * woken worker can wait milliseconds for a core, and every post in between
 * is a system call; for processes, one that also looks up the shared page.
 * perf put 57 % of all CPU time of processes 4x4 buffer 1024 in sem_post.
 *
 * Here one 32-bit futex word holds the tokens, the number of sleepers and a
 * "wake pending" bit. A post wakes a sleeper only if none has been woken
 * and not yet run; a woken sleeper that takes a token and sees more tokens
 * and more sleepers wakes the next one. Anyone may take a free token (no
 * hand-off), as with sem_t. Same semantics as sem_t otherwise: `shared`
 * selects a process-shared futex (the semaphore lives in shared memory).
 */
#ifndef CONVEYOR_FUTEX_SEM_H
#define CONVEYOR_FUTEX_SEM_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct cv_sem {
    _Atomic uint32_t word; /* tokens | wake pending | sleepers (see futex_sem.c) */
    uint32_t shared;       /* 1: processes share it; 0: threads of one process */
} cv_sem;

/* Tokens up to 2^20 - 1 (a million buffer slots plus a wake-up per consumer). */
#define CV_SEM_MAX_VALUE ((1u << 20) - 1)

void cv_sem_init(cv_sem *sem, uint32_t value, bool shared);

/* Take a token if there is one; never blocks. */
bool cv_sem_trywait(cv_sem *sem);

/* Take a token, sleeping while there is none. Every slice_ns of sleep,
 * give_up(arg) is asked; if it says so, returns false without a token. */
bool cv_sem_wait(cv_sem *sem, int64_t slice_ns, bool (*give_up)(void *), void *arg);

void cv_sem_post(cv_sem *sem);

/* Tokens now (for tests and diagnostics). */
uint32_t cv_sem_value(cv_sem *sem);

#endif
