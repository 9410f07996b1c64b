/*
 * lane_summary.c — building and reading one lane's level-of-detail summary.
 *
 * Events are folded into the finest level as they arrive: a state interval
 * adds its time to every finest bucket it crosses, an instant bumps its
 * bucket's count. The coarser levels are then recomputed from the first
 * bucket that changed, so an update costs what the new events touched. When
 * the finest width should change (see summary_grid.h), the summary is rebuilt
 * from the lane's events.
 */
#include "timeline/lane_summary.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "timeline/column_acc.h"

/* 12-byte buckets, one per 16-64 events: 0.2-0.75 bytes per event per level, 2 levels' worth. */
enum { EVENTS_PER_BUCKET = 16 };

static const cv_lane_bucket empty_bucket = {{0}, 0, 0};

static void merge_buckets(void *out, const void *a, const void *b);

void cv_lane_summary_init(cv_lane_summary *summary)
{
    memset(summary, 0, sizeof *summary);
    cv_lod_init(&summary->lod, sizeof(cv_lane_bucket), &empty_bucket, merge_buckets);
    summary->current = -1;
}

void cv_lane_summary_free(cv_lane_summary *summary)
{
    cv_lod_free(&summary->lod);
    cv_lane_summary_init(summary);
}

/* Bucket j of level k. */
static cv_lane_bucket *bucket_at(const cv_lane_summary *summary, uint32_t k, size_t j)
{
    return cv_lod_bucket(&summary->lod, k, j);
}

static uint8_t quantise_share(int64_t ns, uint32_t shift)
{
    if (ns <= 0)
        return 0;
    int64_t share = (ns * (int64_t)CV_SHARE_FULL + ((int64_t)1 << shift) / 2) >> shift;
    if (share < 1)
        return 1; /* a state that was there at all stays visible as "mixed" */
    return share > (int64_t)CV_SHARE_FULL ? CV_SHARE_FULL : (uint8_t)share;
}

static void write_open_bucket(cv_lane_summary *summary)
{
    if (summary->open_bucket >= summary->lod.levels[0].count)
        return;
    cv_lane_bucket *bucket = bucket_at(summary, 0, summary->open_bucket);
    for (int s = 0; s < CV_STATE_COUNT; s++)
        bucket->share[s] = quantise_share(summary->open_ns[s], summary->lod.shift);
}

/* Add [from, to) in `state` to the finest level; `to` lies in an existing bucket. */
static void add_state_time(cv_lane_summary *summary, int state, int64_t from, int64_t to)
{
    int64_t width = (int64_t)1 << summary->lod.shift;
    while (from < to) {
        int64_t bucket_end = (int64_t)(summary->open_bucket + 1) * width;
        int64_t stop = to < bucket_end ? to : bucket_end;
        summary->open_ns[state] += stop - from;
        from = stop;
        if (stop == bucket_end) {
            write_open_bucket(summary);
            memset(summary->open_ns, 0, sizeof summary->open_ns);
            summary->open_bucket++;
        }
    }
}

static uint16_t count_up(uint16_t count)
{
    return count == UINT16_MAX ? count : count + 1;
}

static bool take_event(cv_lane_summary *summary, const cv_event *e)
{
    int64_t t = e->time_ns > 0 ? e->time_ns : 0;
    if (t < summary->latest_ns)
        t = summary->latest_ns; /* a clock step backwards must not undo time */
    summary->latest_ns = t;
    size_t bucket = cv_summary_bucket(t, summary->lod.shift);
    if (bucket >= summary->lod.levels[0].count && !cv_lod_resize(&summary->lod, 0, bucket + 1))
        return false;
    cv_lane_bucket *finest = bucket_at(summary, 0, bucket);
    if (cv_event_is_state(e)) {
        if (summary->current >= 0)
            add_state_time(summary, summary->current, summary->since_ns, t);
        else
            summary->open_bucket = bucket;
        summary->current = (int)cv_event_kind(e);
        summary->since_ns = t;
    } else if (cv_event_kind(e) == CV_EVENT_PUT) {
        finest->puts = count_up(finest->puts);
    } else if (cv_event_kind(e) == CV_EVENT_GET) {
        finest->gets = count_up(finest->gets);
    }
    return true;
}

/* Pairs merge into their average share (rounded up so a trace of a state
 * survives) and summed, saturating, counts. */
static void merge_buckets(void *out, const void *left, const void *right)
{
    const cv_lane_bucket *a = left, *b = right;
    cv_lane_bucket merged;
    for (int s = 0; s < CV_STATE_COUNT; s++) {
        unsigned sum = a->share[s] + (b ? b->share[s] : 0u);
        merged.share[s] = (uint8_t)((sum + 1) / 2);
    }
    unsigned puts = a->puts + (b ? b->puts : 0u);
    unsigned gets = a->gets + (b ? b->gets : 0u);
    merged.puts = puts > UINT16_MAX ? UINT16_MAX : (uint16_t)puts;
    merged.gets = gets > UINT16_MAX ? UINT16_MAX : (uint16_t)gets;
    *(cv_lane_bucket *)out = merged;
}

static void reset(cv_lane_summary *summary, uint32_t shift)
{
    cv_lod_clear(&summary->lod, shift);
    summary->taken = 0;
    summary->latest_ns = 0;
    summary->current = -1;
    summary->since_ns = 0;
    summary->open_bucket = 0;
    memset(summary->open_ns, 0, sizeof summary->open_ns);
}

/*
 * Double the finest width without looking at events: level 1 already is the
 * finest level merged pairwise, so it becomes level 0. The open bucket's
 * exact time gains its finished left sibling's (quantised) time.
 */
static void coarsen(cv_lane_summary *summary)
{
    if (summary->open_bucket % 2 == 1 && summary->open_bucket - 1 < summary->lod.levels[0].count) {
        const cv_lane_bucket *sibling = bucket_at(summary, 0, summary->open_bucket - 1);
        for (int s = 0; s < CV_STATE_COUNT; s++)
            summary->open_ns[s] +=
                ((int64_t)sibling->share[s] << summary->lod.shift) / (int64_t)CV_SHARE_FULL;
    }
    summary->open_bucket /= 2;
    if (!cv_lod_coarsen(&summary->lod)) {
        /* A single finest bucket keeps its counts; its shares halve. */
        for (size_t j = 0; j < summary->lod.levels[0].count; j++) {
            cv_lane_bucket *bucket = bucket_at(summary, 0, j);
            for (int s = 0; s < CV_STATE_COUNT; s++)
                bucket->share[s] = (uint8_t)((bucket->share[s] + 1) / 2);
        }
    }
}

bool cv_lane_summary_update(cv_lane_summary *summary, const cv_event *events, size_t count)
{
    if (count == summary->taken && summary->lod.level_count > 0)
        return true;
    int64_t latest = count > 0 ? events[count - 1].time_ns : 0;
    if (latest < summary->latest_ns)
        latest = summary->latest_ns;
    if (summary->lod.level_count == 0 || count < summary->taken ||
        cv_summary_wants_finer(latest, count, summary->lod.shift, summary->built_events,
                               EVENTS_PER_BUCKET)) {
        reset(summary, cv_summary_shift(latest, count, EVENTS_PER_BUCKET));
        summary->built_events = count;
    }
    while (cv_summary_needed(latest, summary->lod.shift) >
           cv_summary_target(count, EVENTS_PER_BUCKET))
        coarsen(summary);

    size_t dirty = summary->open_bucket;
    if (summary->lod.levels[0].count == 0 && !cv_lod_resize(&summary->lod, 0, 1))
        goto fail;
    for (size_t i = summary->taken; i < count; i++) {
        if (!take_event(summary, &events[i]))
            goto fail;
    }
    write_open_bucket(summary);
    summary->taken = count;
    /* The open state's bucket is the last finest bucket or just past it. */
    assert(summary->open_bucket <= summary->lod.levels[0].count);
    if (!cv_lod_rebuild(&summary->lod, dirty))
        goto fail;
    return true;
fail:
    reset(summary, summary->lod.shift);
    return false;
}

int cv_lane_summary_level(const cv_lane_summary *summary, int64_t width_ns)
{
    return cv_lod_level_for(&summary->lod, width_ns);
}

/*
 * Add the summarised state time of [a, b) (clipped to the summarised past)
 * to weight[]: each bucket's shares times its overlap in 1/256ths of a bucket,
 * in 32 bits so the compiler can add all states at once.
 */
static void add_bucket_states(const cv_lod_level *level, uint32_t shift, int64_t a, int64_t b,
                              uint32_t *restrict weight)
{
    if (a < 0)
        a = 0;
    if (a >= b)
        return;
    size_t last = cv_summary_bucket(b - 1, shift);
    if (last >= level->count)
        last = level->count - 1;
    for (size_t j = cv_summary_bucket(a, shift); j <= last; j++) {
        int64_t start = (int64_t)j << shift;
        int64_t end = start + ((int64_t)1 << shift);
        int64_t overlap = (b < end ? b : end) - (a > start ? a : start);
        uint32_t part = (uint32_t)(((uint64_t)overlap << 8) >> shift);
        const uint8_t *restrict share = ((const cv_lane_bucket *)level->buckets)[j].share;
        for (int s = 0; s < CV_STATE_COUNT; s++)
            weight[s] += share[s] * part;
    }
}

/* The open state over [from, to) in the same units, capped far below overflow. */
static uint32_t open_weight(int64_t from, int64_t to, uint32_t shift)
{
    uint64_t parts = ((uint64_t)(to - from) << 8) >> shift;
    uint64_t weight = parts * CV_SHARE_FULL;
    return weight > UINT32_MAX / 4 ? UINT32_MAX / 4 : (uint32_t)weight;
}

void cv_lane_summary_columns(const cv_lane_summary *summary, int level, int64_t end_ns, int64_t t0,
                             int64_t t1, uint32_t n, cv_column *out)
{
    assert(level >= 0 && (uint32_t)level < summary->lod.level_count);
    assert(t1 > t0 && n > 0);
    const cv_lod_level *lod = &summary->lod.levels[level];
    const cv_lane_bucket *buckets = lod->buckets;
    uint32_t shift = summary->lod.shift + (uint32_t)level;
    int64_t width = (int64_t)1 << shift;
    int64_t summarised_end = summary->current >= 0 ? summary->since_ns : 0;
    cv_column_edges edges = cv_column_edges_start(t0, t1, n);
    int64_t a = t0;
    for (uint32_t c = 0; c < n; c++) {
        int64_t b = cv_column_edges_next(&edges);
        uint32_t weight[CV_STATE_COUNT] = {0};
        add_bucket_states(lod, shift, a, b < summarised_end ? b : summarised_end, weight);
        if (summary->current >= 0) {
            int64_t from = a > summary->since_ns ? a : summary->since_ns;
            int64_t to = b < end_ns ? b : end_ns;
            if (to > from)
                weight[summary->current] += open_weight(from, to, shift);
        }
        /* Instants: each bucket's counts go to the column its start falls in. */
        uint32_t puts = 0, gets = 0;
        size_t first = a > 0 ? (size_t)((a + width - 1) >> shift) : 0;
        size_t stop = b > 0 ? (size_t)((b + width - 1) >> shift) : 0;
        if (stop > lod->count)
            stop = lod->count;
        for (size_t j = first; j < stop; j++) {
            puts += buckets[j].puts;
            gets += buckets[j].gets;
        }
        out[c] = cv_column_from_weights(weight, puts, gets);
        a = b;
    }
}

size_t cv_lane_summary_bytes(const cv_lane_summary *summary)
{
    return sizeof *summary + cv_lod_bytes(&summary->lod);
}
