/*
 * run_clock.c — starting, reading and pausing a run's clock (see
 * run_clock.h). Pausing records when the pause began; resuming adds its
 * length to the paused total, which every worker subtracts from its reads.
 */
#include "run_clock.h"

#include "clock.h"

void cv_run_clock_start(cv_run_clock *clock)
{
    clock->tsc = cv_tsc_calibrate();
    clock->start_mono_ns = cv_mono_ns();
}

int64_t cv_run_clock_now(const cv_run_clock *clock)
{
    int64_t now = cv_mono_ns();
    int64_t paused = atomic_load(&clock->paused_total_ns);
    if (atomic_load(&clock->paused))
        paused += now - atomic_load(&clock->pause_started_mono_ns);
    return now - clock->start_mono_ns - paused;
}

void cv_run_clock_set_paused(cv_run_clock *clock, bool paused)
{
    if (paused == (atomic_load(&clock->paused) != 0))
        return;
    if (paused) {
        atomic_store(&clock->pause_started_mono_ns, cv_mono_ns());
        atomic_store(&clock->paused, 1);
    } else {
        int64_t held = cv_mono_ns() - atomic_load(&clock->pause_started_mono_ns);
        atomic_fetch_add(&clock->paused_total_ns, held);
        atomic_store(&clock->paused, 0);
    }
}
