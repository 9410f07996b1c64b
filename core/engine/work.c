/*
 * work.c — the work model (see work.h). CPU work runs in slices: with the
 * GIL on, a slice is the switch interval, after which a waiting worker gets
 * the GIL (CPython's forced switch); without it, a slice is 1 ms so that a
 * stop or pause request is noticed promptly. I/O sleeps to an absolute
 * deadline in slices for the same reason, with the GIL released.
 */
#include "work.h"

#include <math.h>

#include "buffer.h"
#include "gil.h"

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

static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Uniform in (0, 1): never 0, so log() is safe. */
static double next_unit(uint64_t *state)
{
    return ((double)(next_random(state) >> 11) + 0.5) / 9007199254740992.0;
}

uint64_t cv_rng_seed(uint64_t seed, uint32_t index)
{
    uint64_t state = seed ^ ((uint64_t)index * 0xd1b54a32d192ed03ull);
    return next_random(&state);
}

int64_t cv_draw_duration(const cv_duration_spec *spec, uint64_t *rng)
{
    double value = 0;
    switch (spec->kind) {
    case CV_DIST_FIXED:
        return spec->a_ns;
    case CV_DIST_UNIFORM:
        value = (double)spec->a_ns + next_unit(rng) * (double)(spec->b_ns - spec->a_ns);
        break;
    case CV_DIST_EXP:
        value = -(double)spec->a_ns * log(next_unit(rng));
        break;
    case CV_DIST_NORMAL: {
        double u1 = next_unit(rng), u2 = next_unit(rng);
        double standard = sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
        value = (double)spec->a_ns + standard * (double)spec->b_ns;
        break;
    }
    }
    if (value < 0)
        return 0;
    if (value > (double)CV_MAX_DURATION_NS)
        return CV_MAX_DURATION_NS;
    return (int64_t)value;
}

static bool run_cpu(cv_worker *worker, int64_t duration_ns)
{
    int64_t slice_ns = worker->gil ? worker->scenario->switch_interval_ns : CPU_SLICE_NS;
    if (slice_ns <= 0)
        slice_ns = CPU_SLICE_NS;
    double remaining = (double)duration_ns * worker->iterations_per_ns;
    double per_slice = (double)slice_ns * worker->iterations_per_ns;
    uint64_t sink = worker->rng;
    while (remaining > 0.5) {
        double chunk = remaining < per_slice ? remaining : per_slice;
        sink = cv_burn((uint64_t)(chunk + 0.5), sink);
        remaining -= chunk;
        if (cv_worker_should_stop(worker) || !cv_worker_hold_if_paused(worker))
            return false;
        if (worker->gil && remaining > 0.5 && !cv_gil_yield_if_wanted(worker))
            return false;
    }
    /* Fold the result into the random stream so the loop has a visible effect. */
    worker->rng ^= sink & 1;
    return true;
}

static bool run_io(cv_worker *worker, int64_t duration_ns)
{
    cv_worker_set_state(worker, CV_STATE_IO);
    if (worker->gil)
        cv_gil_release(worker);
    int64_t deadline = cv_mono_ns() + duration_ns;
    for (;;) {
        int64_t now = cv_mono_ns();
        if (now >= deadline)
            break;
        int64_t step = deadline - now < CV_WAIT_SLICE_NS ? deadline - now : CV_WAIT_SLICE_NS;
        cv_sleep_until_mono(now + step);
        if (cv_worker_should_stop(worker))
            return false;
    }
    if (worker->gil && !cv_gil_acquire(worker))
        return false;
    cv_worker_set_state(worker, CV_STATE_WORK);
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
