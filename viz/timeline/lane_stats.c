/*
 * lane_stats.c — incremental per-lane statistics (see lane_stats.h). Closed
 * spans are summed once as the reader passes them; only the open span is
 * recomputed per update, up to the requested moment.
 */
#include "timeline/lane_stats.h"

#include <assert.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static void reset(cv_lane_stats *stats)
{
    for (uint32_t i = 0; i < stats->lane_count; i++) {
        memset(&stats->lanes[i], 0, sizeof stats->lanes[i]);
        stats->lanes[i].open_state = -1;
    }
    stats->until_ns = INT64_MIN;
}

static cv_status attach(cv_lane_stats *stats, const cv_trace *trace, cv_error *err)
{
    free(stats->lanes);
    stats->lanes = calloc(trace->lane_count ? trace->lane_count : 1, sizeof *stats->lanes);
    if (!stats->lanes) {
        stats->lane_count = 0;
        stats->trace = NULL;
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for the lane statistics");
    }
    stats->trace = trace;
    stats->lane_count = trace->lane_count;
    reset(stats);
    return CV_OK;
}

/* The time from `since` to `to` that lies after from_ns. */
static int64_t counted_ns(int64_t since, int64_t to, int64_t from_ns)
{
    int64_t start = since > from_ns ? since : from_ns;
    return to > start ? to - start : 0;
}

static void advance_lane(cv_lane_stat *lane, const cv_lane_events *events, int64_t from_ns,
                         int64_t until_ns)
{
    while (lane->next_event < events->count) {
        const cv_event *e = &events->events[lane->next_event];
        if (e->time_ns > until_ns)
            break;
        if (cv_event_is_state(e)) {
            assert(cv_event_kind(e) < CV_STATE_COUNT);
            if (lane->open_state >= 0)
                lane->closed_ns[lane->open_state] +=
                    counted_ns(lane->open_since_ns, e->time_ns, from_ns);
            lane->open_state = (int)cv_event_kind(e);
            lane->open_since_ns = e->time_ns;
        } else if (e->time_ns >= from_ns) {
            lane->items++;
        }
        lane->next_event++;
    }
    memcpy(lane->state_ns, lane->closed_ns, sizeof lane->state_ns);
    if (lane->open_state >= 0 && lane->open_state != CV_STATE_DONE)
        lane->state_ns[lane->open_state] += counted_ns(lane->open_since_ns, until_ns, from_ns);
}

void cv_lane_stats_count_from(cv_lane_stats *stats, int64_t from_ns)
{
    if (from_ns == stats->from_ns)
        return;
    stats->from_ns = from_ns;
    reset(stats);
}

cv_status cv_lane_stats_update(cv_lane_stats *stats, const cv_trace *trace, int64_t until_ns,
                               cv_error *err)
{
    if (stats->trace != trace || stats->lane_count != trace->lane_count) {
        cv_status st = attach(stats, trace, err);
        if (st != CV_OK)
            return st;
    }
    /* Going back in time, or a lane shorter than what was read (a restarted
     * run reusing the trace), means starting over. */
    bool restart = until_ns < stats->until_ns;
    for (uint32_t i = 0; i < stats->lane_count && !restart; i++)
        restart = stats->lanes[i].next_event > trace->events[i].count;
    if (restart)
        reset(stats);
    for (uint32_t i = 0; i < stats->lane_count; i++)
        advance_lane(&stats->lanes[i], &trace->events[i], stats->from_ns, until_ns);
    stats->until_ns = until_ns;
    return CV_OK;
}

void cv_lane_stats_free(cv_lane_stats *stats)
{
    free(stats->lanes);
    memset(stats, 0, sizeof *stats);
}

uint64_t cv_lane_stats_most_items(const cv_lane_stats *stats, uint32_t lanes)
{
    uint64_t most = 0;
    for (uint32_t i = 0; i < lanes && i < stats->lane_count; i++)
        if (stats->lanes[i].items > most)
            most = stats->lanes[i].items;
    return most;
}

uint32_t cv_lane_stats_states_seen(const cv_lane_stats *stats)
{
    uint32_t seen = 0;
    for (uint32_t i = 0; i < stats->lane_count; i++) {
        const cv_lane_stat *lane = &stats->lanes[i];
        for (int s = 0; s < CV_STATE_COUNT; s++)
            if (lane->state_ns[s] > 0)
                seen |= 1u << s;
        if (lane->open_state >= 0 && lane->open_state < CV_STATE_COUNT)
            seen |= 1u << lane->open_state;
    }
    return seen;
}
