/*
 * test_futex_sem.c — the buffer's futex semaphores: tokens are counted
 * exactly, sleepers are woken by posts from other threads and from other
 * processes, a wait gives up when asked, and a storm of posts with sleepers
 * about loses no token and leaves nobody asleep.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "futex_sem.h"

#define MS 1000000ll

static bool never(void *arg)
{
    (void)arg;
    return false;
}

static bool always(void *arg)
{
    (void)arg;
    return true;
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void test_tokens_are_counted(void **state)
{
    (void)state;
    cv_sem sem;
    cv_sem_init(&sem, 2, false);
    assert_true(cv_sem_trywait(&sem));
    assert_true(cv_sem_trywait(&sem));
    assert_false(cv_sem_trywait(&sem));
    cv_sem_post(&sem);
    assert_int_equal(cv_sem_value(&sem), 1);
    assert_true(cv_sem_wait(&sem, 20 * MS, never, NULL));
    assert_int_equal(cv_sem_value(&sem), 0);
}

static void test_a_wait_gives_up_when_asked_without_a_token(void **state)
{
    (void)state;
    cv_sem sem;
    cv_sem_init(&sem, 0, false);
    int64_t start = now_ns();
    assert_false(cv_sem_wait(&sem, 5 * MS, always, NULL));
    assert_true(now_ns() - start >= 5 * MS);
    /* It left no sleeper behind: a post is a token, nothing else. */
    cv_sem_post(&sem);
    assert_int_equal(cv_sem_value(&sem), 1);
    assert_int_equal(atomic_load(&sem.word), 1);
}

static void *post_later(void *arg)
{
    struct timespec pause = {0, 30 * MS};
    nanosleep(&pause, NULL);
    cv_sem_post(arg);
    return NULL;
}

static void test_a_sleeper_is_woken_by_a_post_from_another_thread(void **state)
{
    (void)state;
    cv_sem sem;
    cv_sem_init(&sem, 0, false);
    pthread_t poster;
    pthread_create(&poster, NULL, post_later, &sem);
    /* A one-second slice: only a wake-up, not the slice's end, can make
     * this fast. */
    int64_t start = now_ns();
    assert_true(cv_sem_wait(&sem, 1000 * MS, never, NULL));
    assert_true(now_ns() - start < 900 * MS);
    pthread_join(poster, NULL);
    assert_int_equal(atomic_load(&sem.word), 0);
}

static void test_a_sleeper_is_woken_by_a_post_from_another_process(void **state)
{
    (void)state;
    cv_sem *sem =
        mmap(NULL, sizeof *sem, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    assert_true(sem != MAP_FAILED);
    cv_sem_init(sem, 0, true);
    pid_t child = fork();
    if (child == 0) {
        post_later(sem);
        _exit(0);
    }
    int64_t start = now_ns();
    assert_true(cv_sem_wait(sem, 1000 * MS, never, NULL));
    assert_true(now_ns() - start < 900 * MS);
    int status;
    assert_int_equal(waitpid(child, &status, 0), child);
    munmap(sem, sizeof *sem);
}

/* Many takers and posters on few cores: every token posted is taken once. */
#define STORM_THREADS 4
#define STORM_TOKENS 100000

typedef struct storm {
    cv_sem sem;
    _Atomic uint64_t taken;
    _Atomic uint64_t slices_ended; /* sleeps that ended without a wake-up */
    _Atomic uint64_t failed;
} storm;

static bool count_slice(void *arg)
{
    atomic_fetch_add(&((storm *)arg)->slices_ended, 1);
    return false;
}

static void *take_one(void *arg)
{
    storm *s = arg;
    if (cv_sem_wait(&s->sem, 1000 * MS, count_slice, s))
        atomic_fetch_add(&s->taken, 1);
    return NULL;
}

static void test_a_burst_of_posts_wakes_every_sleeper(void **state)
{
    (void)state;
    /* Posts made while a wake-up is on its way wake nobody themselves: the
     * woken sleeper passes the remaining tokens on. */
    storm s = {.taken = 0, .slices_ended = 0, .failed = 0};
    cv_sem_init(&s.sem, 0, false);
    pthread_t takers[STORM_THREADS];
    for (int i = 0; i < STORM_THREADS; i++)
        pthread_create(&takers[i], NULL, take_one, &s);
    while (atomic_load(&s.sem.word) >> 21 < STORM_THREADS) {
        struct timespec pause = {0, MS};
        nanosleep(&pause, NULL);
    }
    int64_t start = now_ns();
    for (int i = 0; i < STORM_THREADS; i++)
        cv_sem_post(&s.sem);
    for (int i = 0; i < STORM_THREADS; i++)
        pthread_join(takers[i], NULL);
    assert_int_equal(atomic_load(&s.taken), STORM_THREADS);
    assert_int_equal(atomic_load(&s.slices_ended), 0);
    assert_true(now_ns() - start < 900 * MS);
    assert_int_equal(atomic_load(&s.sem.word), 0);
}

static void *take_tokens(void *arg)
{
    storm *s = arg;
    for (int i = 0; i < STORM_TOKENS; i++) {
        /* Half the takes spin first, as the buffer does; half go to sleep. */
        if ((i & 1) && cv_sem_trywait(&s->sem)) {
            atomic_fetch_add(&s->taken, 1);
            continue;
        }
        if (cv_sem_wait(&s->sem, 20 * MS, count_slice, s))
            atomic_fetch_add(&s->taken, 1);
        else
            atomic_fetch_add(&s->failed, 1);
    }
    return NULL;
}

static void *post_tokens(void *arg)
{
    storm *s = arg;
    for (int i = 0; i < STORM_TOKENS; i++) {
        cv_sem_post(&s->sem);
        /* Pauses now and then, so that takers go to sleep and are woken. */
        if (i % 64 == 63) {
            struct timespec pause = {0, 20000};
            nanosleep(&pause, NULL);
        }
    }
    return NULL;
}

static void test_a_storm_of_posts_loses_no_token_and_leaves_nobody_asleep(void **state)
{
    (void)state;
    storm s = {.taken = 0, .slices_ended = 0, .failed = 0};
    cv_sem_init(&s.sem, 0, false);
    pthread_t takers[STORM_THREADS], posters[STORM_THREADS];
    for (int i = 0; i < STORM_THREADS; i++) {
        pthread_create(&takers[i], NULL, take_tokens, &s);
        pthread_create(&posters[i], NULL, post_tokens, &s);
    }
    for (int i = 0; i < STORM_THREADS; i++) {
        pthread_join(posters[i], NULL);
        pthread_join(takers[i], NULL);
    }
    assert_int_equal(atomic_load(&s.failed), 0);
    assert_int_equal(atomic_load(&s.taken), (uint64_t)STORM_THREADS * STORM_TOKENS);
    /* A wake-up lost shows as a sleep that lasts its whole slice; posts come
     * every few microseconds, so even a loaded machine should show almost
     * none. */
    assert_true(atomic_load(&s.slices_ended) <= 3);
    /* No token left, no sleeper counted, no wake-up pending. */
    assert_int_equal(atomic_load(&s.sem.word), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokens_are_counted),
        cmocka_unit_test(test_a_wait_gives_up_when_asked_without_a_token),
        cmocka_unit_test(test_a_sleeper_is_woken_by_a_post_from_another_thread),
        cmocka_unit_test(test_a_sleeper_is_woken_by_a_post_from_another_process),
        cmocka_unit_test(test_a_burst_of_posts_wakes_every_sleeper),
        cmocka_unit_test(test_a_storm_of_posts_loses_no_token_and_leaves_nobody_asleep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
