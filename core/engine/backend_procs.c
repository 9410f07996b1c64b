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
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backend.h"
#include "fault.h"
#include "worker.h"
#include "worker_loop.h"

static void child_main(const cv_launch *launch, uint32_t index, pid_t parent)
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
    cv_worker_init(&worker, launch->control, launch->scenario, index, launch->iterations_per_us);
    cv_worker_run(&worker);
    _exit(0);
}

cv_status cv_procs_start_worker(cv_procs *procs, const cv_launch *launch, uint32_t index,
                                cv_error *err)
{
    pid_t parent = getpid();
    cv_worker_mark_spawn(launch->control, index);
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
        child_main(launch, index, parent);
    int saved = errno;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    if (pid < 0) {
        errno = saved;
        return cv_fail_errno(err, "fork (starting a worker process)");
    }
    procs->pids[index] = pid;
    return CV_OK;
}

uint32_t cv_procs_reap(cv_procs *procs, cv_control *control, uint32_t started,
                       cv_worker_death *deaths)
{
    uint32_t count = 0;
    for (uint32_t i = 0; i < started; i++) {
        if (procs->reaped[i])
            continue;
        int status = 0;
        pid_t pid = waitpid(procs->pids[i], &status, WNOHANG);
        if (pid == 0 || (pid < 0 && errno == EINTR))
            continue;
        procs->reaped[i] = true;
        procs->reaped_count++;
        cv_worker_slot *slot = cv_region_worker(control, i);
        bool clean = pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
                     atomic_load(&slot->finished);
        bool stopping = atomic_load(&control->stop) != 0;
        /* Died of its own accord while stopping: still worth saying. */
        bool told = !clean && (!stopping || (WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL));
        if (told)
            deaths[count++] = (cv_worker_death){i, procs->pids[i], status, !stopping};
    }
    return count;
}

void cv_procs_kill_all(const cv_procs *procs, uint32_t started)
{
    for (uint32_t i = 0; i < started; i++) {
        if (!procs->reaped[i])
            kill(procs->pids[i], SIGKILL);
    }
}

bool cv_procs_all_reaped(const cv_procs *procs, uint32_t started)
{
    assert(procs->reaped_count <= started);
    return procs->reaped_count == started;
}
