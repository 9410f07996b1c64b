/*
 * fill_summary.c — building and reading the buffer-fill summary.
 *
 * Every transfer updates its finest bucket (highest fill, latest fill by
 * time); coarser levels are recomputed from the earliest bucket touched. As
 * for lanes, the finest width follows the latest time and the number of
 * transfers, and the summary is rebuilt from all lanes when it changes.
 */
#include "timeline/fill_summary.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "timeline/column_acc.h"
#include "timeline/lane_view.h"

/* One strip instead of one per lane: coarser buckets are plenty and keep memory small. */
enum { TRANSFERS_PER_BUCKET = 64 };

static const cv_fill_bucket empty_bucket = {0, 0, INT64_MIN};

static void merge_buckets(void *out, const void *a, const void *b);

bool cv_fill_summary_init(cv_fill_summary *summary, uint32_t lane_count)
{
    memset(summary, 0, sizeof *summary);
    cv_lod_init(&summary->lod, sizeof(cv_fill_bucket), &empty_bucket, merge_buckets);
    summary->lane_count = lane_count;
    summary->taken = calloc(lane_count ? lane_count : 1, sizeof *summary->taken);
    return summary->taken != NULL;
}

void cv_fill_summary_free(cv_fill_summary *summary)
{
    cv_lod_free(&summary->lod);
    free(summary->taken);
    memset(summary, 0, sizeof *summary);
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

/* Pairs merge into the higher high and the later latest fill. */
static void merge_buckets(void *out, const void *left, const void *right)
{
    const cv_fill_bucket *a = left, *b = right;
    cv_fill_bucket merged = *a;
    if (b && b->last_time != INT64_MIN) {
        if (a->last_time == INT64_MIN) {
            merged = *b;
        } else {
            if (b->high > merged.high)
                merged.high = b->high;
            if (b->last_time >= merged.last_time) {
                merged.last_time = b->last_time;
                merged.last = b->last;
            }
        }
    }
    *(cv_fill_bucket *)out = merged;
}

static void reset(cv_fill_summary *summary, uint32_t shift)
{
    cv_lod_clear(&summary->lod, shift);
    memset(summary->taken, 0, summary->lane_count * sizeof *summary->taken);
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
    for (size_t i = from; i < to; i++) {
        const cv_event *e = &events[i];
        if (!cv_event_is_handover(e))
            continue;
        size_t bucket = cv_summary_bucket(e->time_ns, summary->lod.shift);
        if (bucket >= summary->lod.levels[0].count && !cv_lod_resize(&summary->lod, 0, bucket + 1))
            return false;
        bucket_take(cv_lod_bucket(&summary->lod, 0, bucket), cv_event_fill(e), e->time_ns);
        if (bucket < *dirty)
            *dirty = bucket;
        summary->transfers++;
        if (e->time_ns > summary->latest_ns)
            summary->latest_ns = e->time_ns;
    }
    return true;
}

bool cv_fill_summary_update(cv_fill_summary *summary, const cv_trace *trace, const size_t *counts)
{
    size_t transfers;
    int64_t latest;
    bool shrank = false;
    for (uint32_t l = 0; l < summary->lane_count; l++)
        shrank = shrank || counts[l] < summary->taken[l];
    if (shrank)
        reset(summary, summary->lod.shift);
    count_new(summary, trace, counts, &transfers, &latest);
    if (summary->lod.level_count == 0 ||
        cv_summary_wants_finer(latest, transfers, summary->lod.shift, summary->built_transfers,
                               TRANSFERS_PER_BUCKET)) {
        reset(summary, cv_summary_shift(latest, transfers, TRANSFERS_PER_BUCKET));
        summary->built_transfers = transfers;
    }
    /* Double the finest width for free: level 1 becomes level 0. */
    while (cv_summary_needed(latest, summary->lod.shift) >
           cv_summary_target(transfers, TRANSFERS_PER_BUCKET))
        cv_lod_coarsen(&summary->lod);

    size_t dirty = SIZE_MAX;
    if (summary->lod.levels[0].count == 0) {
        if (!cv_lod_resize(&summary->lod, 0, 1))
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
    if (!cv_lod_rebuild(&summary->lod, dirty))
        goto fail;
    return true;
fail:
    reset(summary, summary->lod.shift);
    return false;
}

int cv_fill_summary_level(const cv_fill_summary *summary, int64_t width_ns)
{
    return cv_lod_level_for(&summary->lod, width_ns);
}

void cv_fill_summary_columns(const cv_fill_summary *summary, int level, uint32_t before, int64_t t0,
                             int64_t t1, uint32_t n, uint32_t *out)
{
    assert(level >= 0 && (uint32_t)level < summary->lod.level_count);
    const cv_lod_level *lod = &summary->lod.levels[level];
    const cv_fill_bucket *buckets = lod->buckets;
    uint32_t shift = summary->lod.shift + (uint32_t)level;
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
            const cv_fill_bucket *bucket = &buckets[j];
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
    return sizeof *summary + summary->lane_count * sizeof *summary->taken +
           cv_lod_bytes(&summary->lod);
}
