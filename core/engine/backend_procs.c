/*
 * backend_procs.c — workers as forked processes sharing the region.
 *
 * The region was mapped MAP_SHARED from an already-unlinked shm object, so
 * children inherit it and nothing is left behind however they end. A child
 * asks to be killed if the parent dies (PR_SET_PDEATHSIG), then checks the
 * parent did not die before that request took effect. It ignores SIGINT
 * and SIGTERM: a Ctrl-C at the terminal, or a SIGTERM to the process group
 * (as service managers send it), reaches every worker too, and stopping is
 * the parent's decision, delivered through the region's stop flag, so the
 * trace ends cleanly. Killing one worker on purpose takes SIGKILL.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine_internal.h"
#include "fault.h"
#include "worker.h"

static void child_main(cv_engine *engine, uint32_t index, pid_t parent)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(3);
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    cv_worker worker;
    cv_worker_init(&worker, engine->control, &engine->scenario, index, engine->iterations_per_us);
    cv_worker_run(&worker);
    _exit(0);
}

cv_status cv_procs_start_worker(cv_engine *engine, uint32_t index, cv_error *err)
{
    pid_t parent = getpid();
    cv_engine_mark_spawn(engine, index);
    /* Hold Ctrl-C and SIGTERM until the child has set them to be ignored,
     * so the parent's handler never runs inside a child. */
    sigset_t stopping, previous;
    sigemptyset(&stopping);
    sigaddset(&stopping, SIGINT);
    sigaddset(&stopping, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopping, &previous);
    pid_t pid = -1;
    if (cv_fault_injected("fork"))
        errno = EAGAIN;
    else
        pid = fork();
    if (pid == 0)
        child_main(engine, index, parent);
    int saved = errno;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    if (pid < 0) {
        errno = saved;
        return cv_fail_errno(err, "fork (starting a worker process)");
    }
    engine->pids[index] = pid;
    return CV_OK;
}

static void describe_death(cv_engine *engine, uint32_t index, int status)
{
    cv_worker_summary *summary = &engine->summaries[index];
    summary->died = true;
    char how[128];
    if (WIFSIGNALED(status)) {
        summary->exit_signal = WTERMSIG(status);
        snprintf(how, sizeof how, "was killed by signal %d (%s)", WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
    } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
        summary->exit_code = WEXITSTATUS(status);
        snprintf(how, sizeof how, "exited with status %d", WEXITSTATUS(status));
    } else {
        snprintf(how, sizeof how, "ended before finishing its work");
    }
    if (engine->result.explanation[0] == '\0') {
        snprintf(engine->result.explanation, sizeof engine->result.explanation,
                 "worker %s (pid %ld) %s", engine->trace.lanes[index].name,
                 (long)engine->pids[index], how);
    }
}

bool cv_procs_reap(cv_engine *engine)
{
    bool someone_died = false;
    for (uint32_t i = 0; i < engine->started; i++) {
        if (engine->reaped[i])
            continue;
        int status = 0;
        pid_t pid = waitpid(engine->pids[i], &status, WNOHANG);
        if (pid == 0 || (pid < 0 && errno == EINTR))
            continue;
        engine->reaped[i] = true;
        engine->reaped_count++;
        bool clean = pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
                     atomic_load(&cv_region_worker(engine->control, i)->finished);
        if (!clean && !atomic_load(&engine->control->stop)) {
            describe_death(engine, i, status);
            someone_died = true;
        } else if (!clean && WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL) {
            /* Died of its own accord while stopping: still worth saying. */
            describe_death(engine, i, status);
        }
    }
    return someone_died;
}

void cv_procs_kill_all(cv_engine *engine)
{
    for (uint32_t i = 0; i < engine->started; i++) {
        if (!engine->reaped[i])
            kill(engine->pids[i], SIGKILL);
    }
}

bool cv_procs_all_reaped(cv_engine *engine)
{
    return engine->reaped_count == engine->started;
}
