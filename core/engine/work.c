/*
 * work.c — the work model (see work.h). CPU work runs in slices: with the
 * GIL on, a slice is the switch interval, after which a waiting worker gets
 * the GIL (CPython's forced switch); without it, a slice is 1 ms so that a
 * stop or pause request is noticed promptly. Every half millisecond of work
 * the thread's CPU clock is compared with the wall clock, so time spent
 * preempted is drawn as `ready`, not `work`. I/O sleeps to an absolute
 * deadline in slices for the same reason, with the GIL released.
 */
#include "work.h"

#include "clock.h"
#include "gil.h"
#include "probe.h"
#include "rng.h"

#define CPU_SLICE_NS 1000000

uint64_t cv_burn(uint64_t iterations, uint64_t x)
{
    x |= 1;
    for (uint64_t i = 0; i < iterations; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        /* Keep the compiler from vectorising or skipping the loop. */
        __asm__ volatile("" : "+r"(x));
    }
    return x;
}

static bool run_cpu(cv_worker *worker, int64_t duration_ns)
{
    int64_t slice_ns = worker->gil ? worker->scenario->switch_interval_ns : CPU_SLICE_NS;
    if (slice_ns <= 0)
        slice_ns = CPU_SLICE_NS;
    double remaining = (double)duration_ns * worker->iterations_per_ns;
    double per_slice = (double)slice_ns * worker->iterations_per_ns;
    double per_check = (double)CV_READY_CHECK_NS * worker->iterations_per_ns;
    double slice_left = per_slice;
    uint64_t sink = worker->rng;
    cv_probe_mark_cpu(&worker->probe);
    while (remaining > 0.5) {
        double chunk = remaining < per_check ? remaining : per_check;
        if (chunk > slice_left)
            chunk = slice_left;
        sink = cv_burn((uint64_t)(chunk + 0.5), sink);
        remaining -= chunk;
        slice_left -= chunk;
        cv_probe_check_cpu(&worker->probe);
        if (cv_worker_should_stop(worker) || !cv_worker_hold_if_paused(worker))
            return false;
        if (slice_left > 0.5)
            continue;
        slice_left = per_slice;
        if (worker->gil && remaining > 0.5) {
            if (!cv_gil_yield_if_wanted(worker))
                return false;
            cv_probe_mark_cpu(&worker->probe);
        }
    }
    /* Fold the result into the random stream so the loop has a visible effect. */
    worker->rng ^= sink & 1;
    return true;
}

static bool run_io(cv_worker *worker, int64_t duration_ns)
{
    cv_probe_set_state(&worker->probe, CV_STATE_IO);
    if (worker->gil)
        cv_gil_release(worker);
    if (!cv_sleep_until_sliced(cv_mono_ns() + duration_ns, cv_worker_stop_requested, worker))
        return false;
    cv_probe_resume_after_sleep(&worker->probe);
    if (worker->gil && !cv_gil_acquire(worker))
        return false;
    cv_probe_set_state(&worker->probe, CV_STATE_WORK);
    return true;
}

bool cv_run_steps(cv_worker *worker)
{
    const cv_group *group = worker->group;
    for (uint32_t i = 0; i < group->step_count; i++) {
        if (!cv_worker_hold_if_paused(worker))
            return false;
        const cv_step *step = &group->steps[i];
        int64_t duration_ns = cv_draw_duration(&step->duration, &worker->rng);
        bool ok =
            step->kind == CV_STEP_CPU ? run_cpu(worker, duration_ns) : run_io(worker, duration_ns);
        if (!ok)
            return false;
    }
    return true;
}
