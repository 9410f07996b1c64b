/*
 * rng.c — splitmix64 streams and the distributions a step's duration can be
 * drawn from (see rng.h).
 */
#include "rng.h"

#include <math.h>

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
