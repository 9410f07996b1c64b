/*
 * buffer.c — the bounded buffer's put and get under each sync mode (see
 * buffer.h for the modes).
 *
 * How consumers know when to stop: producers count items_put before posting
 * `full`; the last producer to finish sets production_closed and posts one
 * extra `full` per consumer as a wake-up. A consumer that acquires `full`
 * reserves a number; reservations below items_put are real items, the rest
 * are wake-ups (looked at only once production is closed: before that there
 * are no wake-ups). Every real item is thus taken exactly once and every
 * consumer blocked on an empty buffer is released when production ends.
 */
#include "buffer.h"

#include <assert.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>

#include "clock.h"
#include "gate.h"
#include "gil.h"
#include "ledger.h"
#include "probe.h"
#include "pshared.h"

static cv_status init_condvar(cv_control *control, cv_error *err)
{
    cv_buffer_state *buffer = &control->buffer;
    pthread_cond_t *const conds[] = {&buffer->cv_not_full, &buffer->cv_not_empty};
    int rc = cv_pshared_init(&buffer->cv_mutex, conds, 2, control->process_shared);
    if (rc != 0) {
        errno = rc;
        return cv_fail_errno(err, "initialising the buffer's mutex and condition variables");
    }
    return CV_OK;
}

cv_status cv_buffer_init(cv_control *control, cv_sync sync, cv_error *err)
{
    control->buffer.first_empty_getter = CV_NO_WORKER;
    control->buffer.first_overwriter = CV_NO_WORKER;
    atomic_store(&control->buffer.lock_holder, CV_NO_WORKER);
    if (cv_sync_uses_condvar(sync))
        return init_condvar(control, err);
    bool shared = control->process_shared;
    cv_sem_init(&control->buffer.empty, control->buffer_slots, shared);
    cv_sem_init(&control->buffer.full, 0, shared);
    cv_sem_init(&control->buffer.lock, 1, shared);
    return CV_OK;
}

void cv_buffer_destroy(cv_control *control, cv_sync sync)
{
    if (cv_sync_uses_condvar(sync)) {
        cv_buffer_state *buffer = &control->buffer;
        pthread_cond_t *const conds[] = {&buffer->cv_not_full, &buffer->cv_not_empty};
        cv_pshared_destroy(&buffer->cv_mutex, conds, 2);
    }
}

/* After a real block: take the GIL back if there is one, then run on. */
static bool resume_running(cv_worker *worker)
{
    cv_probe_resume_after_sleep(&worker->probe);
    if (worker->gil && !worker->holds_gil && !cv_gil_acquire(worker))
        return false;
    cv_probe_set_state(&worker->probe, CV_STATE_WORK);
    return true;
}

/* Python releases the GIL around every blocking wait; so do we. The state
 * changes first, so no two lanes ever show `work` under one GIL at once. The
 * wait is drawn from `since`, when the worker first found its way blocked. */
static void begin_blocking(cv_worker *worker, cv_state wait_state, int64_t since)
{
    cv_probe_set_state_since(&worker->probe, wait_state, since);
    if (worker->gil)
        cv_gil_release(worker);
}

#if defined(__x86_64__) || defined(__i386__)
#define cpu_relax() __builtin_ia32_pause()
#elif defined(__aarch64__)
#define cpu_relax() __asm__ volatile("yield")
#else
#define cpu_relax() ((void)0)
#endif

/*
 * A worker that finds a semaphore at zero or the lock taken retries it for
 * up to control->spin_ns (10 us) before it sleeps, as an adaptive mutex
 * does: a futex sleep and its wake-up cost several microseconds, and with a
 * small buffer the other side often makes room sooner than that. Without the
 * spin, buffer-1 shapes did nothing but sleep and wake, and a few
 * nanoseconds of tracing decided how often (traced ran at half the untraced
 * speed). Yielding the CPU between retries was tried: it doubled the
 * throughput of some shapes with more workers than cores, and halved the
 * traced throughput of others.
 *
 * A wait that outlasts the spin is recorded from the moment it began
 * (`*since`), so the lanes still show the whole wait; shorter ones are drawn
 * as the state the worker was in. Nobody spins while the engine is still
 * starting workers (spinning workers took the CPU the spawner needed, and
 * spawn cost is a lesson), nor under an emulated GIL: CPython tries a lock
 * once, then releases the GIL and blocks.
 */
static bool spin_on(cv_worker *worker, int (*try_take)(void *), void *what, int64_t *since)
{
    *since = cv_probe_now(&worker->probe);
    cv_control *control = worker->control;
    if (worker->gil || atomic_load_explicit(&control->starting, memory_order_relaxed))
        return false;
    int64_t until = *since + control->spin_ns;
    while (cv_probe_now(&worker->probe) < until) {
        cpu_relax();
        if (try_take(what) == 0)
            return true;
    }
    return false;
}

static int try_sem(void *sem)
{
    return cv_sem_trywait(sem) ? 0 : -1;
}

static bool sem_acquire(cv_worker *worker, cv_sem *sem, cv_state wait_state)
{
    if (cv_sem_trywait(sem))
        return true;
    int64_t since;
    if (spin_on(worker, try_sem, sem, &since))
        return true;
    begin_blocking(worker, wait_state, since);
    if (!cv_sem_wait(sem, CV_WAIT_SLICE_NS, cv_worker_stop_requested, worker))
        return false;
    /* Woken by the unwinding of a stopped run (someone released the lock on
     * the way out): give the token back rather than act after the end, so
     * the final picture is the one the run stopped in. */
    if (cv_worker_should_stop(worker)) {
        cv_sem_post(sem);
        return false;
    }
    return resume_running(worker);
}

static bool lock_buffer(cv_worker *worker)
{
    if (!cv_gate_pass(worker, CV_STEP_LOCK) ||
        !sem_acquire(worker, &worker->control->buffer.lock, CV_STATE_WAIT_LOCK))
        return false;
    atomic_store_explicit(&worker->control->buffer.lock_holder, (int32_t)worker->index,
                          memory_order_relaxed);
    return true;
}

static void release_buffer_lock(cv_worker *worker)
{
    atomic_store_explicit(&worker->control->buffer.lock_holder, CV_NO_WORKER, memory_order_relaxed);
    cv_sem_post(&worker->control->buffer.lock);
}

/* Step mode holds the worker before it unlocks; a stop there unlocks anyway,
 * so nobody is left waiting for a lock its holder gave up. False on stop. */
static bool unlock_buffer(cv_worker *worker)
{
    bool go_on = cv_gate_pass(worker, CV_STEP_UNLOCK);
    release_buffer_lock(worker);
    return go_on;
}

/* Post a semaphore, after the step mode gate op. False on stop (nothing
 * posted: the run is ending). */
static bool post(cv_worker *worker, cv_sem *sem, cv_step_op op)
{
    if (!cv_gate_pass(worker, op))
        return false;
    cv_sem_post(sem);
    return true;
}

/*
 * The race demonstration: between reading a slot index and advancing it,
 * give another worker every chance to read the same index — a short burst of
 * computation and a yield of the CPU, as a textbook would insert a sleep. In
 * step mode the reading and the writing are two steps instead, so the
 * student decides who comes in between. False on stop.
 */
static bool widen_race_window(cv_worker *worker, cv_step_op second_step)
{
    if (cv_gate_stepping(worker))
        return cv_gate_hold(worker, second_step);
    volatile uint32_t spin = 0;
    for (int i = 0; i < 2000; i++)
        spin = spin + 1;
    sched_yield();
    return true;
}

/* Put item into the next slot (the caller passed its gate: `put`, or
 * `read in` without the lock). False on stop. */
static bool place(cv_worker *worker, uint32_t item, bool racy, uint32_t *fill)
{
    cv_control *control = worker->control;
    _Atomic uint32_t *slots = cv_region_slots(control);
    uint32_t in = atomic_load_explicit(&control->buffer.in, memory_order_relaxed);
    assert(in < control->buffer_slots);
    if (racy && !widen_race_window(worker, CV_STEP_PUT))
        return false;
    atomic_store_explicit(&slots[in], item, memory_order_relaxed);
    atomic_store_explicit(&control->buffer.in, (in + 1) % control->buffer_slots,
                          memory_order_relaxed);
    if (racy) {
        *fill = atomic_fetch_add_explicit(&control->buffer.count, 1, memory_order_relaxed) + 1;
        return true;
    }
    /* Under the lock a plain read and write will do, and keep it short. */
    *fill = atomic_load_explicit(&control->buffer.count, memory_order_relaxed) + 1;
    assert(*fill <= control->buffer_slots);
    atomic_store_explicit(&control->buffer.count, *fill, memory_order_relaxed);
    return true;
}

/*
 * Book-keeping for a put, done after the buffer lock is released (a clock
 * read inside the lock would make the critical section several times longer
 * and turn contention into sleeping) but before `full` is posted, so no
 * consumer can take the item before it is counted. The put event itself is
 * recorded after the post: before it, its ~10 ns sat on the path from one
 * worker to the other twice per item, and buffer-1 shapes ran at 0.83-0.90
 * of the untraced speed (0.95-1.07 after). The price: the event is stamped a
 * few tens of nanoseconds after the hand-over, and when the producer is
 * interrupted between the two (about 1 item in 5000 at buffer 1) the
 * consumer's get carries an earlier time than the put. So the fill each
 * event records is read after its stamp (cv_probe_instant_fill_now), not
 * inside the lock: a put stamped after its get would otherwise draw the
 * item in the buffer after it was gone.
 */
static void count_put(cv_worker *worker, uint32_t item)
{
    cv_ledger_record_put(worker->control, item, worker->scenario->sync == CV_SYNC_NO_MUTEX);
    /* Counted before `full` is posted: consumers rely on it (see the top). */
    atomic_fetch_add(&worker->control->buffer.items_put, 1);
}

/* The same for a get, before `empty` is posted. */
static void count_get(cv_worker *worker, uint32_t item)
{
    cv_ledger_record_get(worker->control, item, worker->scenario->sync == CV_SYNC_NO_MUTEX);
    atomic_fetch_add(&worker->control->buffer.items_got, 1);
}

/* Take the item from the next slot (after its gate, `get` or `read out`,
 * as for place). False on stop. */
static bool take(cv_worker *worker, uint32_t *item, uint32_t *fill, bool racy)
{
    cv_control *control = worker->control;
    _Atomic uint32_t *slots = cv_region_slots(control);
    uint32_t out = atomic_load_explicit(&control->buffer.out, memory_order_relaxed);
    assert(out < control->buffer_slots);
    if (racy && !widen_race_window(worker, CV_STEP_GET))
        return false;
    *item = atomic_load_explicit(&slots[out], memory_order_relaxed);
    atomic_store_explicit(&control->buffer.out, (out + 1) % control->buffer_slots,
                          memory_order_relaxed);
    uint32_t before;
    if (racy) {
        before = atomic_fetch_sub_explicit(&control->buffer.count, 1, memory_order_relaxed);
    } else {
        before = atomic_load_explicit(&control->buffer.count, memory_order_relaxed);
        assert(before > 0);
        atomic_store_explicit(&control->buffer.count, before - 1, memory_order_relaxed);
    }
    *fill = before > 0 ? before - 1 : 0;
    return true;
}

static bool put_with_semaphores(cv_worker *worker, uint32_t item, cv_sync sync)
{
    cv_control *control = worker->control;
    bool lock_first = sync == CV_SYNC_MUTEX_FIRST;
    bool use_lock = sync != CV_SYNC_NO_MUTEX;
    if (lock_first && !lock_buffer(worker))
        return false;
    if (!cv_gate_pass(worker, CV_STEP_WAIT_EMPTY) ||
        !sem_acquire(worker, &control->buffer.empty, CV_STATE_WAIT_SLOT)) {
        if (lock_first)
            release_buffer_lock(worker);
        return false;
    }
    if (!lock_first && use_lock && !lock_buffer(worker))
        return false;
    uint32_t fill = 0;
    if (!cv_gate_pass(worker, use_lock ? CV_STEP_PUT : CV_STEP_READ_IN) ||
        !place(worker, item, !use_lock, &fill)) {
        if (use_lock)
            release_buffer_lock(worker);
        return false;
    }
    if (use_lock && !unlock_buffer(worker))
        return false;
    count_put(worker, item);
    if (!post(worker, &control->buffer.full, CV_STEP_POST_FULL))
        return false;
    /* Traced after the post: off the path by which the item reaches a
     * consumer (see count_put). */
    cv_probe_instant_fill_now(&worker->probe, CV_EVENT_PUT, item, &control->buffer.count);
    return true;
}

/* Production is over and every item has been reserved by some consumer. */
static bool nothing_left(cv_control *control)
{
    return atomic_load(&control->buffer.production_closed) &&
           atomic_load(&control->buffer.consume_reserved) >=
               atomic_load(&control->buffer.items_put);
}

static cv_get_result get_with_semaphores(cv_worker *worker, uint32_t *item, cv_sync sync)
{
    cv_control *control = worker->control;
    bool lock_first = sync == CV_SYNC_MUTEX_FIRST;
    bool use_lock = sync != CV_SYNC_NO_MUTEX;
    if (nothing_left(control))
        return CV_GET_FINISHED;
    if (lock_first && !lock_buffer(worker))
        return CV_GET_STOPPED;
    if (!cv_gate_pass(worker, CV_STEP_WAIT_FULL) ||
        !sem_acquire(worker, &control->buffer.full, CV_STATE_WAIT_ITEM)) {
        if (lock_first)
            release_buffer_lock(worker);
        return CV_GET_STOPPED;
    }
    /* Wake-ups are posted only after production is closed, so until then
     * every token is an item, and items_put (the producers' cache line) need
     * not be read on every get. */
    uint64_t ticket = atomic_fetch_add(&control->buffer.consume_reserved, 1);
    if (atomic_load(&control->buffer.production_closed) &&
        ticket >= atomic_load(&control->buffer.items_put)) {
        /* A wake-up from the last producer, not an item. */
        if (lock_first)
            release_buffer_lock(worker);
        return CV_GET_FINISHED;
    }
    if (!lock_first && use_lock && !lock_buffer(worker))
        return CV_GET_STOPPED;
    uint32_t fill = 0;
    if (!cv_gate_pass(worker, use_lock ? CV_STEP_GET : CV_STEP_READ_OUT) ||
        !take(worker, item, &fill, !use_lock)) {
        if (use_lock)
            release_buffer_lock(worker);
        return CV_GET_STOPPED;
    }
    if (use_lock && !unlock_buffer(worker))
        return CV_GET_STOPPED;
    count_get(worker, *item);
    if (!post(worker, &control->buffer.empty, CV_STEP_POST_EMPTY))
        return CV_GET_STOPPED;
    cv_probe_instant_fill_now(&worker->probe, CV_EVENT_GET, *item, &control->buffer.count);
    return CV_GET_ITEM;
}

/*
 * A process-shared lock whose holder died comes back EOWNERDEAD, held (it is
 * robust, see pshared.h): made usable again it lets this worker reach its
 * stop check, since the parent is already ending the run as worker-died.
 */
static int recovered(pthread_mutex_t *mutex, int rc)
{
    if (rc != EOWNERDEAD)
        return rc;
    pthread_mutex_consistent(mutex);
    return 0;
}

static int try_mutex(void *mutex)
{
    return recovered(mutex, pthread_mutex_trylock(mutex));
}

/* Wait at most one wait slice for a mutex. pthread_mutex_timedlock takes a
 * CLOCK_REALTIME deadline (a clock step can only lengthen or shorten one
 * slice); pthread_mutex_clocklock would take CLOCK_MONOTONIC, but the thread
 * sanitizer does not see it lock and reports every unlock after it. */
static bool lock_within_slice(pthread_mutex_t *mutex)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct timespec until =
        cv_timespec_from_ns((int64_t)now.tv_sec * 1000000000 + now.tv_nsec + CV_WAIT_SLICE_NS);
    return recovered(mutex, pthread_mutex_timedlock(mutex, &until)) == 0;
}

static bool mutex_acquire(cv_worker *worker, pthread_mutex_t *mutex, cv_step_op op)
{
    if (!cv_gate_pass(worker, op))
        return false;
    int64_t since;
    if (try_mutex(mutex) != 0 && !spin_on(worker, try_mutex, mutex, &since)) {
        begin_blocking(worker, CV_STATE_WAIT_LOCK, since);
        for (;;) {
            if (lock_within_slice(mutex))
                break;
            if (cv_worker_should_stop(worker))
                return false;
        }
        if (cv_worker_should_stop(worker) || !resume_running(worker)) {
            pthread_mutex_unlock(mutex);
            return false;
        }
    }
    atomic_store_explicit(&worker->control->buffer.lock_holder, (int32_t)worker->index,
                          memory_order_relaxed);
    return true;
}

/* Step mode: which of its conditions (cv_gate_cond) a pthread condition is. */
static cv_gate_cond gate_cond(cv_control *control, pthread_cond_t *cond)
{
    return cond == &control->buffer.cv_not_full ? CV_GATE_COND_NOT_FULL : CV_GATE_COND_NOT_EMPTY;
}

static void mutex_release(cv_worker *worker, pthread_mutex_t *mutex)
{
    atomic_store_explicit(&worker->control->buffer.lock_holder, CV_NO_WORKER, memory_order_relaxed);
    pthread_mutex_unlock(mutex);
}

/*
 * The condvar modes differ in three rules: which condition each side sleeps
 * on and signals (one-condvar: one condition for both, so a consumer's
 * signal can wake the other consumer instead of the producer), whether a
 * woken worker checks the fill level again (`while`) or not (`if`, in
 * condvar-if), and whether the wait is timed. The correct mode's waits are
 * timed slices, like every other wait; the broken modes wait untimed, as the
 * textbook does, so a lost wake-up really hangs, and a stop request wakes
 * them on purpose (cv_buffer_wake_sleepers).
 */
typedef struct condvar_rules {
    pthread_cond_t *sleep_on;
    pthread_cond_t *signal;
    bool recheck; /* while, not if */
    bool timed;
} condvar_rules;

static condvar_rules rules_for(cv_worker *worker)
{
    cv_buffer_state *buffer = &worker->control->buffer;
    cv_sync sync = worker->scenario->sync;
    bool producer = worker->role == CV_ROLE_PRODUCER;
    condvar_rules rules = {producer ? &buffer->cv_not_full : &buffer->cv_not_empty,
                           producer ? &buffer->cv_not_empty : &buffer->cv_not_full,
                           sync != CV_SYNC_CONDVAR_IF, sync == CV_SYNC_CONDVAR};
    if (sync == CV_SYNC_ONE_CONDVAR)
        rules.sleep_on = rules.signal = &buffer->cv_not_empty;
    return rules;
}

/* One wait on a condition, under the mutex; false if the run is stopping
 * (checked before an untimed wait too: the stop's wake-up takes the mutex,
 * so it cannot fall between this check and the sleep). */
static bool cond_wait(cv_worker *worker, const condvar_rules *rules)
{
    cv_control *control = worker->control;
    if (cv_worker_should_stop(worker))
        return false;
    if (cv_gate_stepping(worker))
        return cv_gate_cond_wait(worker, gate_cond(control, rules->sleep_on),
                                 &control->buffer.cv_mutex);
    atomic_store_explicit(&control->buffer.lock_holder, CV_NO_WORKER, memory_order_relaxed);
    if (rules->timed) {
        struct timespec until = cv_timespec_from_ns(cv_mono_ns() + CV_WAIT_SLICE_NS);
        recovered(&control->buffer.cv_mutex,
                  pthread_cond_clockwait(rules->sleep_on, &control->buffer.cv_mutex,
                                         CLOCK_MONOTONIC, &until));
    } else {
        recovered(&control->buffer.cv_mutex,
                  pthread_cond_wait(rules->sleep_on, &control->buffer.cv_mutex));
    }
    atomic_store_explicit(&control->buffer.lock_holder, (int32_t)worker->index,
                          memory_order_relaxed);
    return !cv_worker_should_stop(worker);
}

static bool buffer_full(cv_control *control)
{
    return atomic_load_explicit(&control->buffer.count, memory_order_relaxed) >=
           control->buffer_slots;
}

static bool buffer_empty(cv_control *control)
{
    return atomic_load_explicit(&control->buffer.count, memory_order_relaxed) == 0;
}

/* condvar-if: a producer that did not look again puts into a full buffer.
 * Its item overwrites the oldest one (in == out when full), both indices
 * move on, and the fill stays full: the oldest item is lost. */
static uint32_t overwrite_oldest(cv_worker *worker, uint32_t item)
{
    cv_control *control = worker->control;
    cv_buffer_state *buffer = &control->buffer;
    _Atomic uint32_t *slots = cv_region_slots(control);
    uint32_t in = atomic_load_explicit(&buffer->in, memory_order_relaxed);
    uint32_t lost = atomic_load_explicit(&slots[in], memory_order_relaxed);
    atomic_store_explicit(&slots[in], item, memory_order_relaxed);
    atomic_store_explicit(&buffer->in, (in + 1) % control->buffer_slots, memory_order_relaxed);
    atomic_store_explicit(&buffer->out, (in + 1) % control->buffer_slots, memory_order_relaxed);
    if (buffer->overwrites++ == 0) {
        buffer->first_overwriter = (int32_t)worker->index;
        buffer->first_lost_item = lost;
    }
    return control->buffer_slots;
}

/* condvar-if: a consumer that did not look again gets from an empty buffer.
 * It takes the slot last taken once more (the item another consumer took
 * between the signal and this wake-up); the indices and the fill stay. */
static uint32_t take_again(cv_worker *worker)
{
    cv_control *control = worker->control;
    cv_buffer_state *buffer = &control->buffer;
    uint32_t out = atomic_load_explicit(&buffer->out, memory_order_relaxed);
    uint32_t last = (out + control->buffer_slots - 1) % control->buffer_slots;
    uint32_t item = atomic_load_explicit(&cv_region_slots(control)[last], memory_order_relaxed);
    if (buffer->empty_gets++ == 0) {
        buffer->first_empty_getter = (int32_t)worker->index;
        buffer->first_empty_item = item;
    }
    return item;
}

/* Under the mutex, after the gate `signal …`: signal, and in step mode
 * wake the sleeper the gate chooses. False on stop (mutex released). */
static bool cond_signal(cv_worker *worker, pthread_cond_t *cond)
{
    cv_control *control = worker->control;
    cv_step_op op =
        cond == &control->buffer.cv_not_full ? CV_STEP_SIGNAL_NOT_FULL : CV_STEP_SIGNAL_NOT_EMPTY;
    if (!cv_gate_pass(worker, op)) {
        mutex_release(worker, &control->buffer.cv_mutex);
        return false;
    }
    if (cv_gate_stepping(worker))
        cv_gate_cond_signal(control, gate_cond(control, cond), false);
    pthread_cond_signal(cond);
    return true;
}

/* Release the condvar mutex after the gate `unlock`; false on stop (the
 * mutex is released all the same). */
static bool unlock_mutex(cv_worker *worker)
{
    bool go_on = cv_gate_pass(worker, CV_STEP_UNLOCK);
    mutex_release(worker, &worker->control->buffer.cv_mutex);
    return go_on;
}

static bool put_with_condvar(cv_worker *worker, uint32_t item)
{
    cv_control *control = worker->control;
    condvar_rules rules = rules_for(worker);
    if (!mutex_acquire(worker, &control->buffer.cv_mutex, CV_STEP_LOCK))
        return false;
    bool waited = false;
    while (buffer_full(control) && (rules.recheck || !waited)) {
        if (!waited)
            begin_blocking(worker, CV_STATE_WAIT_SLOT, cv_probe_now(&worker->probe));
        waited = true;
        if (!cond_wait(worker, &rules)) {
            mutex_release(worker, &control->buffer.cv_mutex);
            return false;
        }
    }
    if (waited && !resume_running(worker)) {
        mutex_release(worker, &control->buffer.cv_mutex);
        return false;
    }
    uint32_t fill = 0;
    if (!cv_gate_pass(worker, CV_STEP_PUT)) {
        mutex_release(worker, &control->buffer.cv_mutex);
        return false;
    }
    if (buffer_full(control))
        fill = overwrite_oldest(worker, item);
    else
        place(worker, item, false, &fill);
    if (!cond_signal(worker, rules.signal) || !unlock_mutex(worker))
        return false;
    count_put(worker, item);
    cv_probe_instant_fill_now(&worker->probe, CV_EVENT_PUT, item, &control->buffer.count);
    return true;
}

static cv_get_result get_with_condvar(cv_worker *worker, uint32_t *item)
{
    cv_control *control = worker->control;
    condvar_rules rules = rules_for(worker);
    if (!mutex_acquire(worker, &control->buffer.cv_mutex, CV_STEP_LOCK))
        return CV_GET_STOPPED;
    bool waited = false;
    while (buffer_empty(control) && (rules.recheck || !waited)) {
        if (atomic_load(&control->buffer.production_closed)) {
            mutex_release(worker, &control->buffer.cv_mutex);
            return CV_GET_FINISHED;
        }
        if (!waited)
            begin_blocking(worker, CV_STATE_WAIT_ITEM, cv_probe_now(&worker->probe));
        waited = true;
        if (!cond_wait(worker, &rules)) {
            mutex_release(worker, &control->buffer.cv_mutex);
            return CV_GET_STOPPED;
        }
    }
    /* condvar-if: the end of production wakes everyone; that wake-up is the
     * finishing protocol, not the bug, so it is looked at even here. */
    if (buffer_empty(control) && atomic_load(&control->buffer.production_closed)) {
        mutex_release(worker, &control->buffer.cv_mutex);
        return CV_GET_FINISHED;
    }
    if (waited && !resume_running(worker)) {
        mutex_release(worker, &control->buffer.cv_mutex);
        return CV_GET_STOPPED;
    }
    uint32_t fill = 0;
    if (!cv_gate_pass(worker, CV_STEP_GET)) {
        mutex_release(worker, &control->buffer.cv_mutex);
        return CV_GET_STOPPED;
    }
    if (buffer_empty(control))
        *item = take_again(worker);
    else
        take(worker, item, &fill, false);
    if (!cond_signal(worker, rules.signal) || !unlock_mutex(worker))
        return CV_GET_STOPPED;
    count_get(worker, *item);
    cv_probe_instant_fill_now(&worker->probe, CV_EVENT_GET, *item, &control->buffer.count);
    return CV_GET_ITEM;
}

bool cv_buffer_put(cv_worker *worker, uint32_t item)
{
    if (cv_sync_uses_condvar(worker->scenario->sync))
        return put_with_condvar(worker, item);
    return put_with_semaphores(worker, item, worker->scenario->sync);
}

cv_get_result cv_buffer_get(cv_worker *worker, uint32_t *item)
{
    if (cv_sync_uses_condvar(worker->scenario->sync))
        return get_with_condvar(worker, item);
    return get_with_semaphores(worker, item, worker->scenario->sync);
}

void cv_buffer_close_production(cv_worker *worker)
{
    cv_control *control = worker->control;
    if (cv_sync_uses_condvar(worker->scenario->sync)) {
        if (!mutex_acquire(worker, &control->buffer.cv_mutex, CV_STEP_CLOSE)) {
            atomic_store(&control->buffer.production_closed, 1);
            return;
        }
        atomic_store(&control->buffer.production_closed, 1);
        if (cv_gate_stepping(worker)) {
            cv_gate_cond_signal(control, CV_GATE_COND_NOT_EMPTY, true);
            cv_gate_cond_signal(control, CV_GATE_COND_NOT_FULL, true);
        }
        /* Both: under one-condvar, the one condition is cv_not_empty. */
        pthread_cond_broadcast(&control->buffer.cv_not_empty);
        pthread_cond_broadcast(&control->buffer.cv_not_full);
        mutex_release(worker, &control->buffer.cv_mutex);
        return;
    }
    /* A stop here still closes: consumers must not wait for more. */
    cv_gate_pass(worker, CV_STEP_CLOSE);
    atomic_store(&control->buffer.production_closed, 1);
    for (uint32_t i = 0; i < control->consumer_count; i++)
        cv_sem_post(&control->buffer.full);
}

void cv_buffer_wake_sleepers(cv_control *control, cv_sync sync)
{
    if (sync != CV_SYNC_ONE_CONDVAR && sync != CV_SYNC_CONDVAR_IF)
        return;
    cv_buffer_state *buffer = &control->buffer;
    bool locked = lock_within_slice(&buffer->cv_mutex);
    pthread_cond_broadcast(&buffer->cv_not_full);
    pthread_cond_broadcast(&buffer->cv_not_empty);
    if (locked)
        pthread_mutex_unlock(&buffer->cv_mutex);
}

uint64_t cv_buffer_items_left(const cv_control *control)
{
    uint64_t put = atomic_load(&control->buffer.items_put);
    uint64_t got = atomic_load(&control->buffer.items_got);
    uint64_t gone = got + control->buffer.overwrites;
    return put > gone ? put - gone : 0;
}

bool cv_buffer_explain_misuse(const cv_control *control, const cv_lane_info *lanes, char *text,
                              size_t size)
{
    const cv_buffer_state *buffer = &control->buffer;
    if (buffer->empty_gets == 0 && buffer->overwrites == 0)
        return false;
    size_t used = 0;
    text[0] = '\0';
    if (buffer->empty_gets > 0) {
        int n = snprintf(text, size,
                         "%s took item %u from an empty buffer, a second time (%llu get(s) from "
                         "an empty buffer)",
                         lanes[buffer->first_empty_getter].name, buffer->first_empty_item,
                         (unsigned long long)buffer->empty_gets);
        used = n > 0 ? (size_t)n : 0;
    }
    if (buffer->overwrites > 0 && used < size) {
        int n = snprintf(text + used, size - used,
                         "%s%s put into a full buffer and overwrote item %u (%llu overwritten "
                         "slot(s))",
                         used ? "; " : "", lanes[buffer->first_overwriter].name,
                         buffer->first_lost_item, (unsigned long long)buffer->overwrites);
        used += n > 0 ? (size_t)n : 0;
    }
    if (used < size)
        snprintf(text + used, size - used,
                 ": woken workers checked the condition with `if`, not `while`, and another "
                 "worker had changed the buffer between the signal and the wake-up");
    return true;
}
