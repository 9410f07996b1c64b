/*
 * tracer_collect.c — collecting a traced program's rings (see
 * tracer_collect.h). The collector is the only reader of every ring and
 * the only writer of the trace; it drains each registered lane as the
 * engine's collector does (cv_collect_ring). A lane of a child process is
 * watched until it reaches `done`: when the process is gone, or a zombie
 * waiting for its parent's wait(), nobody will write its ring again, so the
 * collector drains it one last time and ends the lane itself with a `done`
 * at the moment it noticed, marking the lane as died.
 */
#include "tracer_collect.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "collector.h"

/* How often the rings are drained, and every how many drains the lanes of
 * child processes are checked (one /proc read each). */
#define COLLECT_PERIOD_NS 1000000
#define DEATH_CHECK_EVERY 10

/* The process has exited (reaped, or a zombie not yet waited for). */
static bool process_ended(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
    FILE *stat = fopen(path, "re");
    if (!stat)
        return errno == ENOENT;
    char line[512];
    bool ended = false;
    if (fgets(line, sizeof line, stat)) {
        /* "pid (comm) S ...": the state follows the last ')'. */
        const char *paren = strrchr(line, ')');
        ended = paren && (paren[2] == 'Z' || paren[2] == 'X');
    }
    fclose(stat);
    return ended;
}

static void note_failure(cv_tracer_collector *c, cv_status status, const cv_error *error)
{
    if (c->status == CV_OK) {
        c->status = status;
        c->error = *error;
    }
}

static void drain(struct cv_tracer *tracer, uint32_t lane)
{
    cv_tracer_collector *c = tracer->collector;
    if (!cv_collect_ring(cv_tracer_ring(tracer, lane), &c->trace, lane)) {
        cv_error error;
        note_failure(c,
                     cv_fail(&error, CV_ERR_NOMEM, "", 0,
                             "out of memory for the trace (%llu events so far)",
                             (unsigned long long)c->trace.event_count),
                     &error);
    }
}

/* A child's lane whose process ended before `done`: done now, and died. */
static void end_if_process_died(struct cv_tracer *tracer, uint32_t index)
{
    cv_tracer_collector *c = tracer->collector;
    struct cv_tracer_lane *lane = &tracer->lanes[index];
    if (c->ends[index].died || lane->pid == tracer->opener_pid ||
        atomic_load(&lane->shared.state) == CV_STATE_DONE || !process_ended(lane->pid))
        return;
    drain(tracer, index);
    const cv_lane_events *events = &c->trace.events[index];
    int64_t at = cv_run_clock_now(&tracer->clock);
    if (events->count > 0 && events->events[events->count - 1].time_ns > at)
        at = events->events[events->count - 1].time_ns;
    cv_event done = cv_event_make(at, CV_STATE_DONE, 0, 0);
    cv_error error;
    cv_status status = cv_trace_append(&c->trace, index, &done, 1, &error);
    if (status != CV_OK)
        note_failure(c, status, &error);
    c->ends[index].died = true;
    /* A child of this process can say how it ended without being reaped
     * (WNOWAIT leaves it to the program's own waitpid); another's cannot. */
    siginfo_t info = {0};
    if (waitid(P_PID, (id_t)lane->pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
        info.si_pid == lane->pid) {
        if (info.si_code == CLD_KILLED || info.si_code == CLD_DUMPED)
            c->ends[index].exit_signal = info.si_status;
        else if (info.si_code == CLD_EXITED)
            c->ends[index].exit_code = info.si_status;
    }
}

static void collect(struct cv_tracer *tracer, bool check_deaths)
{
    uint32_t taken = cv_tracer_lanes_taken(tracer);
    for (uint32_t i = 0; i < taken; i++) {
        if (!atomic_load_explicit(&tracer->lanes[i].registered, memory_order_acquire) ||
            tracer->collector->ends[i].died)
            continue;
        drain(tracer, i);
        if (check_deaths)
            end_if_process_died(tracer, i);
    }
}

static void *collector_main(void *arg)
{
    struct cv_tracer *tracer = arg;
    cv_tracer_collector *c = tracer->collector;
    const struct timespec period = {0, COLLECT_PERIOD_NS};
    for (unsigned round = 1; !atomic_load(&c->stop); round++) {
        nanosleep(&period, NULL);
        collect(tracer, round % DEATH_CHECK_EVERY == 0);
    }
    return NULL;
}

cv_status cv_tracer_collector_start(struct cv_tracer *tracer, cv_error *err)
{
    cv_tracer_collector *c = calloc(1, sizeof *c);
    if (!c)
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for the tracer");
    c->ends = calloc(tracer->max_lanes, sizeof *c->ends);
    cv_status status = c->ends ? cv_trace_init(&c->trace, tracer->max_lanes, err)
                               : cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for the tracer");
    if (status != CV_OK) {
        free(c->ends);
        free(c);
        return status;
    }
    tracer->collector = c;
    /* The thread takes none of the program's signals: a handler or a
     * sigwait() of the program's own must not land on the library's thread. */
    sigset_t all, before;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &before);
    int rc = pthread_create(&c->thread, NULL, collector_main, tracer);
    pthread_sigmask(SIG_SETMASK, &before, NULL);
    if (rc != 0) {
        cv_tracer_collector_free(tracer);
        errno = rc;
        return cv_fail_errno(err, "starting the tracer's collecting thread");
    }
    c->thread_running = true;
    return CV_OK;
}

cv_status cv_tracer_collector_finish(struct cv_tracer *tracer, cv_error *err)
{
    cv_tracer_collector *c = tracer->collector;
    if (c->thread_running) {
        atomic_store(&c->stop, true);
        pthread_join(c->thread, NULL);
        c->thread_running = false;
    }
    collect(tracer, true);
    if (c->status != CV_OK && err)
        *err = c->error;
    return c->status;
}

void cv_tracer_collector_free(struct cv_tracer *tracer)
{
    cv_tracer_collector *c = tracer->collector;
    if (!c)
        return;
    cv_trace_free(&c->trace);
    free(c->path);
    free(c->ends);
    free(c);
    tracer->collector = NULL;
}
