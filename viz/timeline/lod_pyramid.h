/*
 * lod_pyramid.h — the level-of-detail pyramid the timeline's summaries share.
 *
 * Level 0 holds the finest buckets, 2^shift ns wide; level k+1 merges pairs
 * of level k, up to a single bucket. What a bucket holds is the summary's
 * business (a lane's state shares, the buffer's fill): the pyramid only
 * knows its size, the value new buckets start with, and how two merge. It
 * grows the finest level, recomputes coarser levels from the first bucket
 * that changed, and coarsens for free by dropping its finest level.
 */
#ifndef CONVEYOR_VIZ_LOD_PYRAMID_H
#define CONVEYOR_VIZ_LOD_PYRAMID_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "timeline/summary_grid.h"

typedef struct cv_lod_level {
    void *buckets;
    size_t count;
    size_t capacity;
} cv_lod_level;

/* Merge buckets a and b (b may be NULL: a has no right sibling) into out. */
typedef void (*cv_lod_merge)(void *out, const void *a, const void *b);

typedef struct cv_lod_pyramid {
    size_t bucket_bytes;
    const void *empty; /* what a new bucket holds */
    cv_lod_merge merge;
    uint32_t shift;       /* the finest buckets are 2^shift ns wide */
    uint32_t level_count; /* 0 until built, or after running out of memory */
    cv_lod_level levels[CV_SUMMARY_MAX_LEVELS];
} cv_lod_pyramid;

void cv_lod_init(cv_lod_pyramid *pyramid, size_t bucket_bytes, const void *empty,
                 cv_lod_merge merge);
void cv_lod_free(cv_lod_pyramid *pyramid);

/* Empty every level (memory is kept) and make the finest width 2^shift ns. */
void cv_lod_clear(cv_lod_pyramid *pyramid, uint32_t shift);

/* Make level k hold count buckets (new ones empty); false if out of memory. */
bool cv_lod_resize(cv_lod_pyramid *pyramid, uint32_t k, size_t count);

/* Recompute the coarser levels from finest bucket `dirty` on; false if out of memory. */
bool cv_lod_rebuild(cv_lod_pyramid *pyramid, size_t dirty);

/* Double the finest width: level 1 becomes level 0 when there is one (true),
 * else the single level stays and only the width doubles (false). */
bool cv_lod_coarsen(cv_lod_pyramid *pyramid);

/* Bucket j of level k. */
static inline void *cv_lod_bucket(const cv_lod_pyramid *pyramid, uint32_t k, size_t j)
{
    assert(k < CV_SUMMARY_MAX_LEVELS && j < pyramid->levels[k].count);
    return (char *)pyramid->levels[k].buckets + j * pyramid->bucket_bytes;
}

/* The level to answer columns width_ns wide, or -1 (see cv_summary_level_for). */
int cv_lod_level_for(const cv_lod_pyramid *pyramid, int64_t width_ns);

/* Bytes held by the buckets. */
size_t cv_lod_bytes(const cv_lod_pyramid *pyramid);

#endif
