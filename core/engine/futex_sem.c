/*
 * futex_sem.c — counting semaphores on a futex that wake a sleeper only when
 * no wake-up is already on its way (see futex_sem.h for why).
 *
 * The futex word: bits 0-19 the tokens, bit 20 "wake pending", bits 21-31
 * the number of sleepers (workers registered to sleep, up to 2047; a run
 * has at most 1024 workers). Every change to the semaphore changes the word,
 * so a worker that registered and has not yet gone to sleep finds the word
 * changed and looks again instead of sleeping through a post.
 *
 * Who clears "wake pending": the sleeper that the wake-up reached, when it
 * runs; or the poster itself, if its wake-up found nobody asleep yet. In the
 * rare case that a poster's wake-ups keep finding nobody, it gives up after
 * a few; a sleeper missed that way looks again when its slice ends.
 */
#include "futex_sem.h"

#include <assert.h>
#include <errno.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define TOKENS_MASK CV_SEM_MAX_VALUE
#define WAKE_PENDING (1u << 20)
#define ONE_SLEEPER (1u << 21)
#define WAKE_TRIES 4

_Static_assert((TOKENS_MASK & WAKE_PENDING) == 0 && WAKE_PENDING < ONE_SLEEPER,
               "the futex word's fields do not overlap");

static uint32_t tokens(uint32_t word)
{
    return word & TOKENS_MASK;
}

static uint32_t sleepers(uint32_t word)
{
    return word / ONE_SLEEPER;
}

static long futex(cv_sem *sem, int op, uint32_t value, const struct timespec *timeout)
{
    if (!sem->shared)
        op |= FUTEX_PRIVATE_FLAG;
    return syscall(SYS_futex, &sem->word, op, value, timeout, NULL, 0);
}

void cv_sem_init(cv_sem *sem, uint32_t value, bool shared)
{
    assert(value <= CV_SEM_MAX_VALUE);
    atomic_init(&sem->word, value);
    sem->shared = shared ? 1 : 0;
}

bool cv_sem_trywait(cv_sem *sem)
{
    uint32_t word = atomic_load_explicit(&sem->word, memory_order_relaxed);
    while (tokens(word) > 0) {
        if (atomic_compare_exchange_weak_explicit(&sem->word, &word, word - 1, memory_order_acquire,
                                                  memory_order_relaxed))
            return true;
    }
    return false;
}

/* If there are tokens, sleepers and no wake-up on its way, send one. */
static void wake_one_if_needed(cv_sem *sem, uint32_t word)
{
    for (int tries = 0; tries < WAKE_TRIES; tries++) {
        do {
            if (tokens(word) == 0 || sleepers(word) == 0 || (word & WAKE_PENDING))
                return;
        } while (!atomic_compare_exchange_weak(&sem->word, &word, word | WAKE_PENDING));
        if (futex(sem, FUTEX_WAKE, 1, NULL) > 0)
            return;
        /* Nobody was asleep yet: those registered will find the word changed.
         * Clear the bit and look again, in case one went to sleep meanwhile
         * while other posts left the waking to us. */
        word = atomic_fetch_and(&sem->word, ~WAKE_PENDING) & ~WAKE_PENDING;
    }
}

void cv_sem_post(cv_sem *sem)
{
    uint32_t word = atomic_fetch_add_explicit(&sem->word, 1, memory_order_release) + 1;
    assert(tokens(word) != 0);
    if (sleepers(word) > 0 && !(word & WAKE_PENDING))
        wake_one_if_needed(sem, word);
}

bool cv_sem_wait(cv_sem *sem, int64_t slice_ns, bool (*give_up)(void *), void *arg)
{
    struct timespec slice = {(time_t)(slice_ns / 1000000000), (long)(slice_ns % 1000000000)};
    uint32_t word = atomic_load_explicit(&sem->word, memory_order_relaxed);
    for (;;) {
        if (tokens(word) > 0) {
            if (atomic_compare_exchange_weak_explicit(&sem->word, &word, word - 1,
                                                      memory_order_acquire, memory_order_relaxed)) {
                /* Posts made while a wake-up was pending woke nobody: pass
                 * the remaining tokens on. */
                wake_one_if_needed(sem, word - 1);
                return true;
            }
            continue;
        }
        uint32_t asleep = word + ONE_SLEEPER;
        if (!atomic_compare_exchange_weak(&sem->word, &word, asleep))
            continue;
        long rc = futex(sem, FUTEX_WAIT, asleep, &slice);
        bool woken = rc == 0;
        bool interrupted = rc != 0 && (errno == ETIMEDOUT || errno == EINTR);
        /* No longer a sleeper; the one a wake-up reached clears the bit. */
        word = atomic_load_explicit(&sem->word, memory_order_relaxed);
        uint32_t next;
        do {
            next = word - ONE_SLEEPER;
            if (woken)
                next &= ~WAKE_PENDING;
        } while (!atomic_compare_exchange_weak(&sem->word, &word, next));
        word = next;
        if (interrupted && give_up(arg))
            return false;
    }
}

uint32_t cv_sem_value(cv_sem *sem)
{
    return tokens(atomic_load(&sem->word));
}
