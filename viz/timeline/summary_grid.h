/*
 * summary_grid.h — how fine the level-of-detail buckets are.
 *
 * Summaries cut time into power-of-two buckets; level k of a summary has
 * buckets 2^k times wider than level 0. Memory must follow the number of
 * events, not the run time, so the finest level may hold at most
 * `cv_summary_target(events)` buckets (one per so many events, set by each
 * kind of summary, and never fewer than a few screens of columns). A growing summary coarsens when
 * it would hold more, which is free (its level 1 becomes level 0), and is rebuilt finer only when
 * it has fallen to a quarter of its allowance and the events have doubled since it was built, so
 * rebuilds cost O(1) per event.
 */
#ifndef CONVEYOR_VIZ_SUMMARY_GRID_H
#define CONVEYOR_VIZ_SUMMARY_GRID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    CV_SUMMARY_MIN_BUCKETS = 4096, /* finest buckets allowed regardless of event count */
    CV_SUMMARY_MAX_LEVELS = 64
};

/* How many finest buckets a summary of `events` events may hold: a power of two. */
static inline size_t cv_summary_target(size_t events, uint32_t events_per_bucket)
{
    size_t wanted = events / events_per_bucket;
    if (wanted < CV_SUMMARY_MIN_BUCKETS)
        wanted = CV_SUMMARY_MIN_BUCKETS;
    size_t buckets = 1;
    while (buckets * 2 <= wanted)
        buckets *= 2;
    return buckets;
}

/* Finest buckets needed to reach latest_ns with buckets 2^shift ns wide. */
static inline size_t cv_summary_needed(int64_t latest_ns, uint32_t shift)
{
    uint64_t latest = latest_ns > 0 ? (uint64_t)latest_ns : 0;
    return (size_t)(latest >> shift) + 1;
}

/* The finest width (log2) a summary built from scratch uses. */
static inline uint32_t cv_summary_shift(int64_t latest_ns, size_t events,
                                        uint32_t events_per_bucket)
{
    size_t target = cv_summary_target(events, events_per_bucket);
    uint32_t shift = 0;
    while (cv_summary_needed(latest_ns, shift) > target)
        shift++;
    return shift;
}

/* Whether a summary at `shift` built from `built_events` should be rebuilt finer. */
static inline bool cv_summary_wants_finer(int64_t latest_ns, size_t events, uint32_t shift,
                                          size_t built_events, uint32_t events_per_bucket)
{
    return shift > 0 && events >= 2 * built_events &&
           cv_summary_needed(latest_ns, shift) * 4 < cv_summary_target(events, events_per_bucket);
}

/* Bucket index of a time (times before the run's start count as 0). */
static inline size_t cv_summary_bucket(int64_t t_ns, uint32_t shift)
{
    return t_ns > 0 ? (size_t)((uint64_t)t_ns >> shift) : 0;
}

/*
 * The level to answer columns width_ns wide, or -1 to walk the events instead.
 * A column reads whole buckets plus two partial ones at its edges, weighted by
 * overlap; buckets at most a quarter of a column wide keep that blur to near
 * ties. If even the finest buckets are wider, they still serve up to 4
 * columns each (a blockier picture) rather than walking many events per column.
 */
static inline int cv_summary_level_for(uint32_t shift, uint32_t level_count, int64_t width_ns)
{
    if (level_count == 0 || ((int64_t)1 << shift) > 4 * width_ns)
        return -1;
    int level = 0;
    while ((uint32_t)level + 1 < level_count && ((int64_t)1 << (shift + level + 1)) <= width_ns / 4)
        level++;
    return level;
}

#endif
