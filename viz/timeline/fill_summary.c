/*
 * fill_summary.c — building and reading the buffer-fill summary.
 *
 * Every transfer updates its finest bucket (highest fill, latest fill by
 * time); coarser levels are recomputed from the earliest bucket touched. As
 * for lanes, the finest width follows the latest time and the number of
 * transfers, and the summary is rebuilt from all lanes when it changes.
 */
#include "timeline/fill_summary.h"

#include <stdlib.h>
#include <string.h>

#include "timeline/column_acc.h"
#include "timeline/lane_view.h"

/* One strip instead of one per lane: coarser buckets are plenty and keep memory small. */
enum { TRANSFERS_PER_BUCKET = 64 };

bool cv_fill_summary_init(cv_fill_summary *summary, uint32_t lane_count)
{
    memset(summary, 0, sizeof *summary);
    summary->lane_count = lane_count;
    summary->taken = calloc(lane_count ? lane_count : 1, sizeof *summary->taken);
    return summary->taken != NULL;
}

void cv_fill_summary_free(cv_fill_summary *summary)
{
    for (uint32_t k = 0; k < CV_SUMMARY_MAX_LEVELS; k++)
        free(summary->levels[k].buckets);
    free(summary->taken);
    memset(summary, 0, sizeof *summary);
}

static const cv_fill_bucket empty_bucket = {0, 0, INT64_MIN};

static bool level_resize(cv_fill_level *level, size_t count)
{
    if (count > level->capacity) {
        size_t capacity = level->capacity ? level->capacity : 64;
        while (capacity < count)
            capacity *= 2;
        cv_fill_bucket *buckets = realloc(level->buckets, capacity * sizeof *buckets);
        if (!buckets)
            return false;
        level->buckets = buckets;
        level->capacity = capacity;
    }
    for (size_t j = level->count; j < count; j++)
        level->buckets[j] = empty_bucket;
    level->count = count;
    return true;
}

static void bucket_take(cv_fill_bucket *bucket, uint32_t fill, int64_t time_ns)
{
    if (bucket->last_time == INT64_MIN || fill > bucket->high)
        bucket->high = fill;
    if (time_ns >= bucket->last_time) {
        bucket->last_time = time_ns;
        bucket->last = fill;
    }
}

static cv_fill_bucket merge_buckets(const cv_fill_bucket *a, const cv_fill_bucket *b)
{
    if (!b || b->last_time == INT64_MIN)
        return *a;
    if (a->last_time == INT64_MIN)
        return *b;
    cv_fill_bucket merged = *a;
    if (b->high > merged.high)
        merged.high = b->high;
    if (b->last_time >= merged.last_time) {
        merged.last_time = b->last_time;
        merged.last = b->last;
    }
    return merged;
}

static bool rebuild_levels(cv_fill_summary *summary, size_t dirty)
{
    uint32_t k = 0;
    while (summary->levels[k].count > 1 && k + 1 < CV_SUMMARY_MAX_LEVELS) {
        const cv_fill_level *fine = &summary->levels[k];
        cv_fill_level *coarse = &summary->levels[k + 1];
        size_t count = (fine->count + 1) / 2;
        dirty /= 2;
        if (!level_resize(coarse, count))
            return false;
        for (size_t j = dirty; j < count; j++) {
            const cv_fill_bucket *b = 2 * j + 1 < fine->count ? &fine->buckets[2 * j + 1] : NULL;
            coarse->buckets[j] = merge_buckets(&fine->buckets[2 * j], b);
        }
        k++;
    }
    summary->level_count = k + 1;
    return true;
}

static void reset(cv_fill_summary *summary, uint32_t shift)
{
    for (uint32_t k = 0; k < CV_SUMMARY_MAX_LEVELS; k++)
        summary->levels[k].count = 0;
    memset(summary->taken, 0, summary->lane_count * sizeof *summary->taken);
    summary->shift = shift;
    summary->level_count = 0;
    summary->transfers = 0;
    summary->latest_ns = 0;
}

/* Transfers and latest transfer time among events not yet taken in. */
static void count_new(const cv_fill_summary *summary, const cv_trace *trace, const size_t *counts,
                      size_t *transfers, int64_t *latest)
{
    *transfers = summary->transfers;
    *latest = summary->latest_ns;
    for (uint32_t l = 0; l < summary->lane_count; l++) {
        const cv_event *events = trace->events[l].events;
        for (size_t i = summary->taken[l]; i < counts[l]; i++) {
            if (!cv_event_is_handover(&events[i]))
                continue;
            ++*transfers;
            if (events[i].time_ns > *latest)
                *latest = events[i].time_ns;
        }
    }
}

static bool take_lane(cv_fill_summary *summary, const cv_event *events, size_t from, size_t to,
                      size_t *dirty)
{
    cv_fill_level *finest = &summary->levels[0];
    for (size_t i = from; i < to; i++) {
        const cv_event *e = &events[i];
        if (!cv_event_is_handover(e))
            continue;
        size_t bucket = cv_summary_bucket(e->time_ns, summary->shift);
        if (bucket >= finest->count && !level_resize(finest, bucket + 1))
            return false;
        bucket_take(&finest->buckets[bucket], cv_event_fill(e), e->time_ns);
        if (bucket < *dirty)
            *dirty = bucket;
        summary->transfers++;
        if (e->time_ns > summary->latest_ns)
            summary->latest_ns = e->time_ns;
    }
    return true;
}

/* Double the finest width for free: level 1 becomes level 0 (a single bucket stays as it is). */
static void coarsen(cv_fill_summary *summary)
{
    if (summary->level_count > 1) {
        free(summary->levels[0].buckets);
        memmove(&summary->levels[0], &summary->levels[1],
                (CV_SUMMARY_MAX_LEVELS - 1) * sizeof summary->levels[0]);
        memset(&summary->levels[CV_SUMMARY_MAX_LEVELS - 1], 0, sizeof summary->levels[0]);
        summary->level_count--;
    }
    summary->shift++;
}

bool cv_fill_summary_update(cv_fill_summary *summary, const cv_trace *trace, const size_t *counts)
{
    size_t transfers;
    int64_t latest;
    bool shrank = false;
    for (uint32_t l = 0; l < summary->lane_count; l++)
        shrank = shrank || counts[l] < summary->taken[l];
    if (shrank)
        reset(summary, summary->shift);
    count_new(summary, trace, counts, &transfers, &latest);
    if (summary->level_count == 0 ||
        cv_summary_wants_finer(latest, transfers, summary->shift, summary->built_transfers,
                               TRANSFERS_PER_BUCKET)) {
        reset(summary, cv_summary_shift(latest, transfers, TRANSFERS_PER_BUCKET));
        summary->built_transfers = transfers;
    }
    while (cv_summary_needed(latest, summary->shift) >
           cv_summary_target(transfers, TRANSFERS_PER_BUCKET))
        coarsen(summary);

    size_t dirty = SIZE_MAX;
    if (summary->levels[0].count == 0) {
        if (!level_resize(&summary->levels[0], 1))
            goto fail;
        dirty = 0;
    }
    for (uint32_t l = 0; l < summary->lane_count; l++) {
        if (!take_lane(summary, trace->events[l].events, summary->taken[l], counts[l], &dirty))
            goto fail;
        summary->taken[l] = counts[l];
    }
    if (dirty == SIZE_MAX)
        return true;
    if (!rebuild_levels(summary, dirty))
        goto fail;
    return true;
fail:
    reset(summary, summary->shift);
    return false;
}

int cv_fill_summary_level(const cv_fill_summary *summary, int64_t width_ns)
{
    return cv_summary_level_for(summary->shift, summary->level_count, width_ns);
}

void cv_fill_summary_columns(const cv_fill_summary *summary, int level, uint32_t before, int64_t t0,
                             int64_t t1, uint32_t n, uint32_t *out)
{
    const cv_fill_level *lod = &summary->levels[level];
    uint32_t shift = summary->shift + (uint32_t)level;
    int64_t width = (int64_t)1 << shift;
    int64_t span = t1 - t0;
    uint32_t fill = before;
    int64_t a = t0;
    for (uint32_t c = 0; c < n; c++) {
        int64_t b = cv_column_start(t0, span, n, c + 1);
        uint32_t high = fill;
        /* Each bucket belongs to the column its start falls in. */
        size_t first = a > 0 ? (size_t)((a + width - 1) >> shift) : 0;
        size_t stop = b > 0 ? (size_t)((b + width - 1) >> shift) : 0;
        if (stop > lod->count)
            stop = lod->count;
        for (size_t j = first; j < stop; j++) {
            const cv_fill_bucket *bucket = &lod->buckets[j];
            if (bucket->last_time == INT64_MIN)
                continue;
            if (bucket->high > high)
                high = bucket->high;
            fill = bucket->last;
        }
        out[c] = high;
        a = b;
    }
}

size_t cv_fill_summary_bytes(const cv_fill_summary *summary)
{
    size_t bytes = sizeof *summary + summary->lane_count * sizeof *summary->taken;
    for (uint32_t k = 0; k < CV_SUMMARY_MAX_LEVELS; k++)
        bytes += summary->levels[k].capacity * sizeof(cv_fill_bucket);
    return bytes;
}
