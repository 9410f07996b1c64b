/*
 * lod_pyramid.c — the shared level-of-detail pyramid (see lod_pyramid.h).
 */
#include "timeline/lod_pyramid.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

void cv_lod_init(cv_lod_pyramid *p, size_t bucket_bytes, const void *empty, cv_lod_merge merge)
{
    memset(p, 0, sizeof *p);
    p->bucket_bytes = bucket_bytes;
    p->empty = empty;
    p->merge = merge;
}

void cv_lod_free(cv_lod_pyramid *p)
{
    for (uint32_t k = 0; k < CV_SUMMARY_MAX_LEVELS; k++)
        free(p->levels[k].buckets);
    cv_lod_init(p, p->bucket_bytes, p->empty, p->merge);
}

void cv_lod_clear(cv_lod_pyramid *p, uint32_t shift)
{
    for (uint32_t k = 0; k < CV_SUMMARY_MAX_LEVELS; k++)
        p->levels[k].count = 0;
    p->shift = shift;
    p->level_count = 0;
}

bool cv_lod_resize(cv_lod_pyramid *p, uint32_t k, size_t count)
{
    cv_lod_level *level = &p->levels[k];
    if (count > level->capacity) {
        size_t capacity = level->capacity ? level->capacity : 64;
        while (capacity < count)
            capacity *= 2;
        void *buckets = realloc(level->buckets, capacity * p->bucket_bytes);
        if (!buckets)
            return false;
        level->buckets = buckets;
        level->capacity = capacity;
    }
    for (size_t j = level->count; j < count; j++)
        memcpy((char *)level->buckets + j * p->bucket_bytes, p->empty, p->bucket_bytes);
    level->count = count;
    return true;
}

bool cv_lod_rebuild(cv_lod_pyramid *p, size_t dirty)
{
    uint32_t k = 0;
    while (p->levels[k].count > 1 && k + 1 < CV_SUMMARY_MAX_LEVELS) {
        size_t fine_count = p->levels[k].count;
        size_t count = (fine_count + 1) / 2;
        dirty /= 2;
        if (!cv_lod_resize(p, k + 1, count))
            return false;
        for (size_t j = dirty; j < count; j++) {
            const void *b = 2 * j + 1 < fine_count ? cv_lod_bucket(p, k, 2 * j + 1) : NULL;
            p->merge(cv_lod_bucket(p, k + 1, j), cv_lod_bucket(p, k, 2 * j), b);
        }
        k++;
    }
    p->level_count = k + 1;
    /* Each level halves the one below it, down to a single bucket. */
    assert(p->levels[p->level_count - 1].count <= 1 || p->level_count == CV_SUMMARY_MAX_LEVELS);
    return true;
}

bool cv_lod_coarsen(cv_lod_pyramid *p)
{
    bool dropped = p->level_count > 1;
    if (dropped) {
        free(p->levels[0].buckets);
        memmove(&p->levels[0], &p->levels[1], (CV_SUMMARY_MAX_LEVELS - 1) * sizeof p->levels[0]);
        memset(&p->levels[CV_SUMMARY_MAX_LEVELS - 1], 0, sizeof p->levels[0]);
        p->level_count--;
    }
    p->shift++;
    return dropped;
}

int cv_lod_level_for(const cv_lod_pyramid *p, int64_t width_ns)
{
    return cv_summary_level_for(p->shift, p->level_count, width_ns);
}

size_t cv_lod_bytes(const cv_lod_pyramid *p)
{
    size_t bytes = 0;
    for (uint32_t k = 0; k < CV_SUMMARY_MAX_LEVELS; k++)
        bytes += p->levels[k].capacity * p->bucket_bytes;
    return bytes;
}
