/*
 * test_drill_leaks.c — drill 5 from the inside: whatever way a run ends
 * (a start that fails at each injected fault, a trace that runs out of
 * memory, a stop request, a worker process killed), once the engine is
 * destroyed this process holds exactly the file descriptors, threads and
 * child processes it held before, and /dev/shm is as it was. The command
 * line cannot be checked this way after it exits, so the engine is driven
 * here directly, with the same injection points the shell drills use.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include <cmocka.h>

#include "fault.h"
#include "support/shm_check.h"
#include "support/simple_scenario.h"

#define MS 1000000ll
/* Each case runs several times: a leak of one fd per run shows as a drift. */
#define ROUNDS 5

typedef struct footprint {
    int fds;
    int tasks;
    int shm_entries;
} footprint;

static footprint take_footprint(void)
{
    /* The directory stream's own descriptor is counted in both snapshots. */
    return (footprint){cv_test_count_entries("/proc/self/fd"),
                       cv_test_count_entries("/proc/self/task"), cv_test_shm_entries()};
}

static void assert_no_children(void)
{
    errno = 0;
    pid_t pid = waitpid(-1, NULL, WNOHANG);
    assert_int_equal(pid, -1);
    assert_int_equal(errno, ECHILD);
}

static void assert_footprint_unchanged(const footprint *before)
{
    footprint after = take_footprint();
    assert_int_equal(after.fds, before->fds);
    assert_int_equal(after.tasks, before->tasks);
    assert_int_equal(after.shm_entries, before->shm_entries);
    assert_no_children();
}

static cv_scenario small_scenario(cv_backend backend)
{
    cv_scenario scenario = cv_test_scenario(backend, 2, 2, 4, 200);
    cv_test_add_step(&scenario, CV_ROLE_PRODUCER, CV_STEP_IO, 1 * MS);
    cv_test_add_step(&scenario, CV_ROLE_CONSUMER, CV_STEP_IO, 1 * MS);
    return scenario;
}

static void inject(const char *spec)
{
    setenv("CONVEYOR_FAIL", spec, 1);
    cv_fault_reset();
}

static void stop_injecting(void)
{
    unsetenv("CONVEYOR_FAIL");
    cv_fault_reset();
}

/* A start that fails at `spec` reports `message` and leaves nothing behind. */
static void start_fails_cleanly(cv_backend backend, const char *spec, const char *message)
{
    cv_scenario scenario = small_scenario(backend);
    for (int round = 0; round < ROUNDS; round++) {
        footprint before = take_footprint();
        inject(spec);
        cv_engine *engine = NULL;
        cv_error error = {0};
        cv_status status = cv_engine_start(&scenario, NULL, &engine, &error);
        stop_injecting();
        assert_int_not_equal(status, CV_OK);
        assert_null(engine);
        assert_non_null(strstr(error.message, message));
        assert_footprint_unchanged(&before);
    }
}

static void test_failed_first_fork_leaves_nothing(void **state)
{
    (void)state;
    start_fails_cleanly(CV_BACKEND_PROCESSES, "fork", "fork (starting a worker process)");
}

static void test_failed_third_fork_stops_the_two_started_workers(void **state)
{
    (void)state;
    start_fails_cleanly(CV_BACKEND_PROCESSES, "fork:3", "fork (starting a worker process)");
}

static void test_failed_last_fork_stops_the_three_started_workers(void **state)
{
    (void)state;
    start_fails_cleanly(CV_BACKEND_PROCESSES, "fork:4", "fork (starting a worker process)");
}

static void test_failed_shm_open_leaves_nothing(void **state)
{
    (void)state;
    start_fails_cleanly(CV_BACKEND_PROCESSES, "shm_open", "/dev/shm (shared memory");
}

static void test_failed_shared_mmap_closes_the_shm_descriptor(void **state)
{
    (void)state;
    start_fails_cleanly(CV_BACKEND_PROCESSES, "mmap", "mapping shared memory");
}

static void test_failed_private_mmap_leaves_nothing(void **state)
{
    (void)state;
    start_fails_cleanly(CV_BACKEND_THREADS, "mmap", "mapping memory for the run");
}

static void test_failed_first_thread_leaves_nothing(void **state)
{
    (void)state;
    start_fails_cleanly(CV_BACKEND_THREADS, "thread", "pthread_create");
}

static void test_failed_third_thread_joins_the_two_started_workers(void **state)
{
    (void)state;
    start_fails_cleanly(CV_BACKEND_THREADS, "thread:3", "pthread_create");
}

/* The collector fails to store events at `spec`: the run ends failed. */
static void trace_failure_ends_cleanly(cv_backend backend, const char *spec)
{
    cv_scenario scenario = small_scenario(backend);
    for (int round = 0; round < ROUNDS; round++) {
        footprint before = take_footprint();
        inject(spec);
        cv_engine *engine = cv_test_run(&scenario);
        stop_injecting();
        assert_non_null(engine);
        const cv_run_result *result = cv_engine_result(engine);
        assert_string_equal(cv_outcome_name(result->outcome), "failed");
        assert_non_null(strstr(result->explanation, "out of memory for the trace"));
        cv_engine_destroy(engine);
        assert_footprint_unchanged(&before);
    }
}

static void test_trace_out_of_memory_ends_run_failed_threads(void **state)
{
    (void)state;
    trace_failure_ends_cleanly(CV_BACKEND_THREADS, "trace:3");
}

static void test_trace_out_of_memory_ends_run_failed_processes(void **state)
{
    (void)state;
    trace_failure_ends_cleanly(CV_BACKEND_PROCESSES, "trace:3");
}

static void poll_for(cv_engine *engine, int64_t ns)
{
    struct timespec pause = {0, 2 * MS};
    for (int64_t waited = 0; waited < ns && cv_engine_poll(engine); waited += 2 * MS)
        nanosleep(&pause, NULL);
}

static void stop_mid_run_leaves_nothing(cv_backend backend)
{
    cv_scenario scenario = small_scenario(backend);
    scenario.items = 1000000;
    for (int round = 0; round < ROUNDS; round++) {
        footprint before = take_footprint();
        cv_engine *engine = NULL;
        cv_error error;
        assert_int_equal(cv_engine_start(&scenario, NULL, &engine, &error), CV_OK);
        poll_for(engine, 30 * MS);
        cv_engine_request_stop(engine);
        cv_engine_run_to_end(engine);
        assert_string_equal(cv_outcome_name(cv_engine_result(engine)->outcome), "stopped");
        cv_engine_destroy(engine);
        assert_footprint_unchanged(&before);
    }
}

static void test_stop_request_mid_run_leaves_nothing_threads(void **state)
{
    (void)state;
    stop_mid_run_leaves_nothing(CV_BACKEND_THREADS);
}

static void test_stop_request_mid_run_leaves_nothing_processes(void **state)
{
    (void)state;
    stop_mid_run_leaves_nothing(CV_BACKEND_PROCESSES);
}

static void test_destroy_without_polling_leaves_nothing_processes(void **state)
{
    (void)state;
    cv_scenario scenario = small_scenario(CV_BACKEND_PROCESSES);
    scenario.items = 1000000;
    footprint before = take_footprint();
    cv_engine *engine = NULL;
    cv_error error;
    assert_int_equal(cv_engine_start(&scenario, NULL, &engine, &error), CV_OK);
    cv_engine_destroy(engine);
    assert_footprint_unchanged(&before);
}

static void test_killed_worker_process_is_reported_and_leaves_nothing(void **state)
{
    (void)state;
    cv_scenario scenario = small_scenario(CV_BACKEND_PROCESSES);
    scenario.items = 1000000;
    for (int round = 0; round < ROUNDS; round++) {
        footprint before = take_footprint();
        cv_engine *engine = NULL;
        cv_error error;
        assert_int_equal(cv_engine_start(&scenario, NULL, &engine, &error), CV_OK);
        poll_for(engine, 20 * MS);
        uint32_t victim = (uint32_t)round % cv_scenario_worker_count(&scenario);
        /* A worker's pid is on its lane once it has run its first instruction. */
        const cv_lane_info *lane = &cv_engine_trace(engine)->lanes[victim];
        while (lane->os_id == 0)
            poll_for(engine, MS);
        assert_int_equal(kill((pid_t)lane->os_id, SIGKILL), 0);
        cv_engine_run_to_end(engine);
        const cv_run_result *result = cv_engine_result(engine);
        assert_string_equal(cv_outcome_name(result->outcome), "worker-died");
        assert_non_null(strstr(result->explanation, "was killed by signal 9"));
        assert_true(result->workers[victim].died);
        assert_int_equal(result->workers[victim].exit_signal, SIGKILL);
        cv_engine_destroy(engine);
        assert_footprint_unchanged(&before);
    }
}

static void *do_nothing(void *arg)
{
    return arg;
}

/*
 * The thread sanitizer starts a helper thread of its own with the first
 * pthread_create; start and join one thread first so that helper is in every
 * "before" footprint and not mistaken for a worker left running.
 */
static void start_sanitizer_helpers(void)
{
    pthread_t thread;
    if (pthread_create(&thread, NULL, do_nothing, NULL) == 0)
        pthread_join(thread, NULL);
}

int main(void)
{
    start_sanitizer_helpers();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_failed_first_fork_leaves_nothing),
        cmocka_unit_test(test_failed_third_fork_stops_the_two_started_workers),
        cmocka_unit_test(test_failed_last_fork_stops_the_three_started_workers),
        cmocka_unit_test(test_failed_shm_open_leaves_nothing),
        cmocka_unit_test(test_failed_shared_mmap_closes_the_shm_descriptor),
        cmocka_unit_test(test_failed_private_mmap_leaves_nothing),
        cmocka_unit_test(test_failed_first_thread_leaves_nothing),
        cmocka_unit_test(test_failed_third_thread_joins_the_two_started_workers),
        cmocka_unit_test(test_trace_out_of_memory_ends_run_failed_threads),
        cmocka_unit_test(test_trace_out_of_memory_ends_run_failed_processes),
        cmocka_unit_test(test_stop_request_mid_run_leaves_nothing_threads),
        cmocka_unit_test(test_stop_request_mid_run_leaves_nothing_processes),
        cmocka_unit_test(test_destroy_without_polling_leaves_nothing_processes),
        cmocka_unit_test(test_killed_worker_process_is_reported_and_leaves_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
