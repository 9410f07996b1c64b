/*
 * baseline_buffer.c — the textbook bounded buffer (see baseline_buffer.h).
 *
 * put:  wait(empty); wait(lock); slots[in] = id; in = (in+1) % N; post(lock); post(full)
 * get:  wait(full);  wait(lock); id = slots[out]; out = (out+1) % N; post(lock); post(empty)
 *
 * The whole state lives in one mapping: private anonymous memory for threads,
 * shared anonymous memory (inherited across fork) for processes, so both
 * backends run literally the same worker functions. The only clock reads are
 * the parent's, before the first spawn and after the last reap.
 */
#include "baseline_buffer.h"

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct baseline_region {
    sem_t empty;
    sem_t full;
    sem_t lock;
    uint32_t in;
    uint32_t out;
    uint32_t buffer_slots;
    uint32_t producers;
    uint32_t consumers;
    uint64_t items;
    /* Per-consumer sums, then the slots; found by offset, as the region holds no pointers. */
    uint64_t storage[];
} baseline_region;

static uint64_t *sums(baseline_region *r)
{
    return r->storage;
}
static uint32_t *slots(baseline_region *r)
{
    return (uint32_t *)(r->storage + r->consumers);
}

typedef struct baseline_worker {
    baseline_region *region;
    uint32_t index;
    bool producer;
} baseline_worker;

static void put(baseline_region *r, uint32_t id)
{
    sem_wait(&r->empty);
    sem_wait(&r->lock);
    slots(r)[r->in] = id;
    r->in = (r->in + 1) % r->buffer_slots;
    sem_post(&r->lock);
    sem_post(&r->full);
}

static uint32_t get(baseline_region *r)
{
    sem_wait(&r->full);
    sem_wait(&r->lock);
    uint32_t id = slots(r)[r->out];
    r->out = (r->out + 1) % r->buffer_slots;
    sem_post(&r->lock);
    sem_post(&r->empty);
    return id;
}

/* Producer p makes ids p, p+P, p+2P, ... below items: unique, no shared counter. */
static void produce(baseline_region *r, uint32_t p)
{
    for (uint64_t id = p; id < r->items; id += r->producers)
        put(r, (uint32_t)id);
}

/* Consumer c takes its share of the items, whichever ids they are. */
static void consume(baseline_region *r, uint32_t c)
{
    uint64_t share = r->items / r->consumers + (c < r->items % r->consumers ? 1 : 0);
    uint64_t sum = 0;
    for (uint64_t i = 0; i < share; i++)
        sum += get(r);
    sums(r)[c] = sum;
}

static void *worker_main(void *arg)
{
    const baseline_worker *w = arg;
    if (w->producer)
        produce(w->region, w->index);
    else
        consume(w->region, w->index);
    return NULL;
}

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static baseline_region *map_region(const cv_baseline_shape *shape, size_t *bytes_out)
{
    bool shared = shape->backend == CV_BACKEND_PROCESSES;
    size_t sums_bytes = (size_t)shape->consumers * sizeof(uint64_t);
    size_t bytes = sizeof(baseline_region) + sums_bytes + shape->buffer_slots * sizeof(uint32_t);
    void *base = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                      (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED)
        return NULL;
    baseline_region *r = base;
    r->buffer_slots = shape->buffer_slots;
    r->producers = shape->producers;
    r->consumers = shape->consumers;
    r->items = shape->items;
    int pshared = shared ? 1 : 0;
    if (sem_init(&r->empty, pshared, shape->buffer_slots) != 0 ||
        sem_init(&r->full, pshared, 0) != 0 || sem_init(&r->lock, pshared, 1) != 0) {
        munmap(base, bytes);
        return NULL;
    }
    *bytes_out = bytes;
    return r;
}

/* A worker that could not be started leaves its peers blocked: cancel them (sem_wait is a
 * cancellation point) so the failure is reported instead of hanging. */
static bool run_threads(baseline_worker *workers, uint32_t n)
{
    pthread_t *threads = calloc(n, sizeof *threads);
    if (!threads)
        return false;
    uint32_t started = 0;
    while (started < n &&
           pthread_create(&threads[started], NULL, worker_main, &workers[started]) == 0)
        started++;
    if (started < n) {
        for (uint32_t i = 0; i < started; i++)
            pthread_cancel(threads[i]);
    }
    for (uint32_t i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    free(threads);
    return started == n;
}

static bool run_processes(baseline_worker *workers, uint32_t n)
{
    pid_t *pids = calloc(n, sizeof *pids);
    if (!pids)
        return false;
    uint32_t started = 0;
    for (; started < n; started++) {
        pid_t pid = fork();
        if (pid < 0)
            break;
        if (pid == 0) {
            worker_main(&workers[started]);
            _exit(0);
        }
        pids[started] = pid;
    }
    if (started < n) {
        for (uint32_t i = 0; i < started; i++)
            kill(pids[i], SIGKILL);
    }
    bool ok = started == n;
    for (uint32_t i = 0; i < started; i++) {
        int status = 0;
        while (waitpid(pids[i], &status, 0) < 0 && errno == EINTR)
            continue;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            ok = false;
    }
    free(pids);
    return ok;
}

bool cv_baseline_run(const cv_baseline_shape *shape, cv_baseline_result *out)
{
    *out = (cv_baseline_result){0};
    if (shape->producers == 0 || shape->consumers == 0 || shape->buffer_slots == 0) {
        errno = EINVAL;
        return false;
    }
    size_t bytes = 0;
    baseline_region *r = map_region(shape, &bytes);
    if (!r)
        return false;
    uint32_t n = shape->producers + shape->consumers;
    baseline_worker *workers = calloc(n, sizeof *workers);
    bool ok = workers != NULL;
    if (ok) {
        for (uint32_t i = 0; i < n; i++) {
            workers[i].region = r;
            workers[i].producer = i < shape->producers;
            workers[i].index = i < shape->producers ? i : i - shape->producers;
        }
        double start = mono_s();
        ok = shape->backend == CV_BACKEND_PROCESSES ? run_processes(workers, n)
                                                    : run_threads(workers, n);
        out->elapsed_s = mono_s() - start;
    }
    uint64_t sum = 0;
    for (uint32_t c = 0; c < shape->consumers; c++)
        sum += sums(r)[c];
    out->sum_ok = ok && sum == shape->items * (shape->items - 1) / 2;
    free(workers);
    sem_destroy(&r->lock);
    sem_destroy(&r->full);
    sem_destroy(&r->empty);
    munmap(r, bytes);
    return ok;
}
