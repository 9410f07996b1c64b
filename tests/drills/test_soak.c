/*
 * test_soak.c — the soak: many short runs in one process, alternating the
 * backends and the four sync modes (mutex-first with a short deadlock
 * timeout, so its deadlocks are found quickly), some stopped midway and some
 * with a worker process killed, while the process's resident
 * memory, open descriptors, threads, children and our /dev/shm entries are
 * sampled. Leaks that one run hides add up over a thousand: the figures must
 * stay flat. Minutes long, so it is registered only with -DCONVEYOR_SOAK=ON
 * (label soak). CONVEYOR_SOAK_RUNS changes the number of runs (default 1000).
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "support/shm_check.h"
#include "support/simple_scenario.h"

#define MS 1000000ll
#define SAMPLE_EVERY 100
/* Resident memory may settle during the first runs (allocator arenas, page
 * cache of the calibration); after that it must not grow by more than this. */
#define RSS_SLACK_KB 4096
#define WARM_UP_RUNS 100

/* AddressSanitizer keeps freed memory in quarantine (256 MB by default), so
 * resident memory grows by design there; LeakSanitizer checks for leaks at
 * exit instead, and the figures are only printed. */
#if defined(__SANITIZE_ADDRESS__)
#define RSS_IS_MEANINGFUL false
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RSS_IS_MEANINGFUL false
#endif
#endif
#ifndef RSS_IS_MEANINGFUL
#define RSS_IS_MEANINGFUL true
#endif

typedef struct sample {
    long rss_kb;
    int fds;
    int tasks;
    int shm_entries;
} sample;

static long resident_kb(void)
{
    FILE *statm = fopen("/proc/self/statm", "r");
    if (!statm)
        return -1;
    long size = 0, resident = 0;
    if (fscanf(statm, "%ld %ld", &size, &resident) != 2)
        resident = -1;
    fclose(statm);
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* Another suite on the machine may hold a /dev/shm entry for the few
 * microseconds between creating and unlinking it; a leak is still there a
 * moment later. */
static int lasting_shm_entries(int expected)
{
    int entries = cv_test_shm_entries();
    if (entries != expected) {
        struct timespec pause = {0, 200 * MS};
        nanosleep(&pause, NULL);
        entries = cv_test_shm_entries();
    }
    return entries;
}

static sample take_sample(int expected_shm_entries)
{
    return (sample){resident_kb(), cv_test_count_entries("/proc/self/fd"),
                    cv_test_count_entries("/proc/self/task"),
                    lasting_shm_entries(expected_shm_entries)};
}

static bool has_children(void)
{
    return waitpid(-1, NULL, WNOHANG) != -1 || errno != ECHILD;
}

static const cv_sync sync_modes[] = {CV_SYNC_SEMAPHORES, CV_SYNC_CONDVAR, CV_SYNC_NO_MUTEX,
                                     CV_SYNC_MUTEX_FIRST};

/* Outcomes each sync mode may end with: the broken ones may get lucky. */
static bool outcome_fits(cv_sync sync, cv_outcome outcome, bool ledger_ok)
{
    switch (sync) {
    case CV_SYNC_SEMAPHORES:
    case CV_SYNC_CONDVAR:
        return outcome == CV_OUTCOME_COMPLETED && ledger_ok;
    case CV_SYNC_NO_MUTEX:
        return outcome == CV_OUTCOME_COMPLETED || outcome == CV_OUTCOME_LEDGER_VIOLATION;
    case CV_SYNC_MUTEX_FIRST:
    case CV_SYNC_ONE_CONDVAR:
        return outcome == CV_OUTCOME_COMPLETED || outcome == CV_OUTCOME_DEADLOCK;
    case CV_SYNC_CONDVAR_IF:
        return outcome == CV_OUTCOME_COMPLETED || outcome == CV_OUTCOME_LEDGER_VIOLATION;
    }
    return false;
}

static cv_scenario soak_scenario(int run)
{
    cv_backend backend = run % 2 ? CV_BACKEND_PROCESSES : CV_BACKEND_THREADS;
    cv_sync sync = sync_modes[(run / 2) % 4];
    cv_scenario scenario = cv_test_scenario(backend, 2, 2, 4, 300);
    scenario.sync = sync;
    if (sync == CV_SYNC_MUTEX_FIRST)
        scenario.deadlock_timeout_ns = 50 * MS;
    /* A little sleep now and then lets consumers find the buffer empty. */
    cv_test_add_step(&scenario, CV_ROLE_CONSUMER, CV_STEP_IO, MS / 10);
    return scenario;
}

/*
 * Every so often a run is cut short as a user or a crash would cut it: a
 * stop request (both backends), or a worker process killed, so the clean-up
 * of those endings is soaked as well as that of runs that end by themselves.
 */
typedef enum ending { END_BY_ITSELF, END_BY_STOP, END_BY_KILLED_WORKER } ending;

static ending soak_ending(int run)
{
    if (run % 10 == 4 || run % 10 == 7)
        return END_BY_STOP;
    if (run % 20 == 9)
        return END_BY_KILLED_WORKER;
    return END_BY_ITSELF;
}

static cv_engine *soak_run(const cv_scenario *scenario, ending end)
{
    cv_engine *engine = NULL;
    cv_error error;
    if (cv_engine_start(scenario, NULL, &engine, &error) != CV_OK)
        fail_msg("a run failed to start: %s", error.message);
    struct timespec pause = {0, 2 * MS};
    bool running = true;
    for (int polls = 0; running && polls < 3; polls++) {
        running = cv_engine_poll(engine);
        if (running)
            nanosleep(&pause, NULL);
    }
    if (running && end == END_BY_STOP)
        cv_engine_request_stop(engine);
    /* Worker 0's pid is on its lane once it has started; it is killed only
     * while its lane has not reached `done` (so it has not been reaped). */
    const cv_trace *trace = cv_engine_trace(engine);
    const cv_lane_events *lane = &trace->events[0];
    bool done = lane->count > 0 && cv_event_kind(&lane->events[lane->count - 1]) == CV_STATE_DONE;
    if (running && end == END_BY_KILLED_WORKER && trace->lanes[0].os_id != 0 && !done)
        kill((pid_t)trace->lanes[0].os_id, SIGKILL);
    cv_engine_run_to_end(engine);
    return engine;
}

static bool ending_fits(const cv_scenario *scenario, ending end, const cv_run_result *result)
{
    if (end == END_BY_STOP && result->outcome == CV_OUTCOME_STOPPED)
        return true;
    if (end == END_BY_KILLED_WORKER && result->outcome == CV_OUTCOME_WORKER_DIED)
        return true;
    return outcome_fits(scenario->sync, result->outcome, result->ledger_ok);
}

static void print_sample(int run, const sample *s, double elapsed_s)
{
    printf("soak: run %5d  rss %6ld kB  fds %3d  tasks %3d  /dev/shm %d  (%.1f s)\n", run,
           s->rss_kb, s->fds, s->tasks, s->shm_entries, elapsed_s);
    fflush(stdout);
}

static void test_thousand_short_runs_keep_memory_fds_and_shm_flat(void **state)
{
    (void)state;
    const char *runs_text = getenv("CONVEYOR_SOAK_RUNS");
    int runs = runs_text ? atoi(runs_text) : 1000;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    sample first = take_sample(0);
    sample warm = first;
    print_sample(0, &first, 0);
    int outcomes[CV_OUTCOME_FAILED + 1] = {0};
    for (int run = 1; run <= runs; run++) {
        cv_scenario scenario = soak_scenario(run);
        cv_engine *engine = soak_run(&scenario, soak_ending(run));
        const cv_run_result *result = cv_engine_result(engine);
        if (!ending_fits(&scenario, soak_ending(run), result))
            fail_msg("run %d (%s, %s) ended %s", run, cv_backend_name(scenario.backend),
                     cv_sync_name(scenario.sync), cv_outcome_name(result->outcome));
        if ((int)result->outcome >= 0 && result->outcome <= CV_OUTCOME_FAILED)
            outcomes[result->outcome]++;
        cv_engine_destroy(engine);
        assert_false(has_children());
        if (run % SAMPLE_EVERY == 0 || run == runs) {
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            sample s = take_sample(first.shm_entries);
            print_sample(run, &s,
                         (double)(now.tv_sec - t0.tv_sec) +
                             (double)(now.tv_nsec - t0.tv_nsec) / 1e9);
            assert_int_equal(s.fds, first.fds);
            assert_int_equal(s.tasks, first.tasks);
            assert_int_equal(s.shm_entries, first.shm_entries);
            if (run == WARM_UP_RUNS)
                warm = s;
            if (run > WARM_UP_RUNS && RSS_IS_MEANINGFUL)
                assert_in_range(s.rss_kb, 0, warm.rss_kb + RSS_SLACK_KB);
        }
    }
    for (int o = 0; o <= CV_OUTCOME_FAILED; o++) {
        if (outcomes[o])
            printf("soak: %d run(s) %s\n", outcomes[o], cv_outcome_name((cv_outcome)o));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_thousand_short_runs_keep_memory_fds_and_shm_flat),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
