/*
 * summary_grid.h — how fine the level-of-detail buckets are.
 *
 * Summaries cut time into power-of-two buckets; level k of a summary has
 * buckets 2^k times wider than level 0. Level 0's width follows only from the
 * latest time and the number of events summarised, so memory stays
 * proportional to events (about one finest bucket per 8-32 events) rather
 * than to run time, and a summary grown event by event is identical to one
 * built in a single pass. The width changes only when the event count or the
 * time span doubles, so rebuilding at each change costs O(1) per event.
 */
#ifndef CONVEYOR_VIZ_SUMMARY_GRID_H
#define CONVEYOR_VIZ_SUMMARY_GRID_H

#include <stddef.h>
#include <stdint.h>

enum {
    CV_SUMMARY_EVENTS_PER_BUCKET = 8, /* at least this many events per finest bucket, on average */
    CV_SUMMARY_MIN_BUCKETS = 256,     /* finest buckets allowed regardless of event count */
    CV_SUMMARY_MAX_LEVELS = 64
};

/* log2 of the finest bucket width for events up to latest_ns, `events` of them. */
static inline uint32_t cv_summary_shift(int64_t latest_ns, size_t events)
{
    size_t wanted = events / CV_SUMMARY_EVENTS_PER_BUCKET;
    if (wanted < CV_SUMMARY_MIN_BUCKETS)
        wanted = CV_SUMMARY_MIN_BUCKETS;
    size_t buckets = 1;
    while (buckets * 2 <= wanted)
        buckets *= 2;
    uint64_t latest = latest_ns > 0 ? (uint64_t)latest_ns : 0;
    uint32_t shift = 0;
    while ((latest >> shift) + 1 > buckets)
        shift++;
    return shift;
}

/* Bucket index of a time (times before the run's start count as 0). */
static inline size_t cv_summary_bucket(int64_t t_ns, uint32_t shift)
{
    return t_ns > 0 ? (size_t)((uint64_t)t_ns >> shift) : 0;
}

/* Largest level whose bucket width is at most width_ns; -1 if even level 0 is wider. */
static inline int cv_summary_level_for(uint32_t shift, uint32_t level_count, int64_t width_ns)
{
    if (level_count == 0 || width_ns < ((int64_t)1 << shift))
        return -1;
    int level = 0;
    while ((uint32_t)level + 1 < level_count && ((int64_t)1 << (shift + level + 1)) <= width_ns)
        level++;
    return level;
}

#endif
