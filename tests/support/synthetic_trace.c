/*
 * synthetic_trace.c — the synthetic trace generator.
 *
 * Each lane is a small state machine with its own clock; the lane with the
 * earliest clock emits its next event, so events come out in global time
 * order and the buffer fill carried by put/get events is consistent across
 * lanes. Randomness is a splitmix64 stream seeded by the caller.
 */
#include "support/synthetic_trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum step {
    STEP_SPAWN,
    STEP_WORK,
    STEP_IO,
    STEP_WAIT_BUFFER,
    STEP_WAIT_LOCK,
    STEP_TRANSFER
} step;

typedef struct lane_sim {
    int64_t clock_ns; /* when the lane's next event happens */
    step next;
    bool producer;
    int64_t work_percent; /* how slow this worker's work is, against the mean */
} lane_sim;

typedef struct sim {
    uint64_t random;
    uint32_t slots;
    uint32_t fill;
    uint32_t next_item;  /* id of the next item put */
    uint32_t next_taken; /* id of the next item got (the buffer is FIFO) */
    int64_t mean_ns;
} sim;

static uint64_t next_random(sim *s)
{
    uint64_t z = (s->random += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* A duration around scale x the mean: uniform in [mean/2, 3 mean/2) x scale. */
static int64_t duration(sim *s, int64_t scale_percent)
{
    int64_t mean = s->mean_ns * scale_percent / 100;
    if (mean < 2)
        mean = 2;
    return mean / 2 + (int64_t)(next_random(s) % (uint64_t)mean);
}

static cv_status emit(cv_trace *trace, uint32_t lane, int64_t t, uint32_t kind, uint32_t item,
                      uint32_t fill, cv_error *err)
{
    cv_event e = cv_event_make(t, kind, item, fill);
    return cv_trace_append(trace, lane, &e, 1, err);
}

/* Put or get under the lock; if another lane got there first, wait again. */
static cv_status transfer(cv_trace *trace, sim *s, uint32_t lane, lane_sim *l, cv_error *err)
{
    int64_t t = l->clock_ns;
    bool possible = l->producer ? s->fill < s->slots : s->fill > 0;
    if (!possible) {
        l->next = STEP_WAIT_BUFFER;
        l->clock_ns += duration(s, 60);
        return emit(trace, lane, t, l->producer ? CV_STATE_WAIT_SLOT : CV_STATE_WAIT_ITEM, 0, 0,
                    err);
    }
    l->next = STEP_WORK;
    if (l->producer)
        return emit(trace, lane, t, CV_EVENT_PUT, s->next_item++, ++s->fill, err);
    return emit(trace, lane, t, CV_EVENT_GET, s->next_taken++, --s->fill, err);
}

/* Emit lane's next event and advance its clock past the state it entered. */
static cv_status advance(cv_trace *trace, sim *s, uint32_t lane, lane_sim *l, cv_error *err)
{
    int64_t t = l->clock_ns;
    switch (l->next) {
    case STEP_SPAWN:
        l->next = l->producer ? STEP_WORK : STEP_WAIT_BUFFER;
        l->clock_ns += duration(s, 300);
        return emit(trace, lane, t, CV_STATE_SPAWN, 0, 0, err);
    case STEP_WORK:
        l->next = next_random(s) % 3 == 0 ? STEP_IO : STEP_WAIT_BUFFER;
        l->clock_ns += duration(s, l->work_percent);
        return emit(trace, lane, t, CV_STATE_WORK, 0, 0, err);
    case STEP_IO:
        l->next = STEP_WAIT_BUFFER;
        l->clock_ns += duration(s, 2 * l->work_percent);
        return emit(trace, lane, t, CV_STATE_IO, 0, 0, err);
    case STEP_WAIT_BUFFER: {
        l->next = STEP_WAIT_LOCK;
        bool blocked = l->producer ? s->fill >= s->slots : s->fill == 0;
        if (!blocked)
            return advance(trace, s, lane, l, err);
        l->clock_ns += duration(s, 60);
        return emit(trace, lane, t, l->producer ? CV_STATE_WAIT_SLOT : CV_STATE_WAIT_ITEM, 0, 0,
                    err);
    }
    case STEP_WAIT_LOCK:
        l->next = STEP_TRANSFER;
        l->clock_ns += duration(s, 10);
        return emit(trace, lane, t, CV_STATE_WAIT_LOCK, 0, 0, err);
    case STEP_TRANSFER:
        return transfer(trace, s, lane, l, err);
    }
    return CV_OK;
}

static uint32_t earliest_lane(const lane_sim *lanes, uint32_t count)
{
    uint32_t best = 0;
    for (uint32_t l = 1; l < count; l++) {
        if (lanes[l].clock_ns < lanes[best].clock_ns)
            best = l;
    }
    return best;
}

static void label_lanes(cv_trace *trace)
{
    uint32_t producers = (trace->lane_count + 1) / 2;
    for (uint32_t l = 0; l < trace->lane_count; l++) {
        cv_lane_info *info = &trace->lanes[l];
        bool producer = l < producers;
        snprintf(info->name, sizeof info->name, "%c%u", producer ? 'P' : 'C',
                 producer ? l : l - producers);
        info->role = producer ? CV_ROLE_PRODUCER : CV_ROLE_CONSUMER;
        info->group = producer ? 0 : 1;
        info->os_id = 4000 + (int64_t)l;
    }
    snprintf(trace->scenario, sizeof trace->scenario, "synthetic");
    snprintf(trace->description, sizeof trace->description,
             "generated producers and consumers around a bounded buffer");
    trace->backend = CV_BACKEND_THREADS;
    trace->parent_pid = 4000;
}

cv_status cv_synthetic_trace(cv_trace *trace, const cv_synthetic_options *options, cv_error *err)
{
    uint32_t count = options->lanes;
    if (count == 0 || options->events < 2ull * count)
        return cv_fail(err, CV_ERR_USAGE, "", 0,
                       "a synthetic trace needs at least 2 events per lane");
    cv_status status = cv_trace_init(trace, count, err);
    if (status != CV_OK)
        return status;
    label_lanes(trace);
    sim s = {options->seed,
             options->buffer_slots ? options->buffer_slots : 8,
             0,
             0,
             0,
             options->mean_step_ns ? options->mean_step_ns : 20000};
    trace->buffer_slots = s.slots;

    lane_sim *lanes = calloc(count, sizeof *lanes);
    if (!lanes) {
        cv_trace_free(trace);
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for %u synthetic lanes", count);
    }
    for (uint32_t l = 0; l < count; l++) {
        lanes[l].producer = trace->lanes[l].role == CV_ROLE_PRODUCER;
        lanes[l].next = STEP_SPAWN;
        lanes[l].work_percent = 50 + 50 * (l % 4);
        lanes[l].clock_ns = (int64_t)l * 1000;
    }
    /* Keep one event per lane for the final "done". */
    while (status == CV_OK && trace->event_count < options->events - count) {
        uint32_t l = earliest_lane(lanes, count);
        status = advance(trace, &s, l, &lanes[l], err);
    }
    int64_t end = 0;
    for (uint32_t l = 0; status == CV_OK && l < count; l++) {
        const cv_lane_events *lane = &trace->events[l];
        int64_t last = lane->count ? lane->events[lane->count - 1].time_ns : 0;
        int64_t done = lanes[l].clock_ns > last ? lanes[l].clock_ns : last;
        status = emit(trace, l, done, CV_STATE_DONE, 0, s.fill, err);
        end = done > end ? done : end;
    }
    free(lanes);
    if (status != CV_OK) {
        cv_trace_free(trace);
        return status;
    }
    trace->end_ns = end + s.mean_ns;
    trace->finished = true;
    trace->outcome = CV_OUTCOME_COMPLETED;
    return CV_OK;
}

cv_status cv_synthetic_live_copy(cv_trace *live, const cv_trace *full, cv_error *err)
{
    cv_status status = cv_trace_init(live, full->lane_count, err);
    if (status != CV_OK)
        return status;
    memcpy(live->lanes, full->lanes, full->lane_count * sizeof *full->lanes);
    memcpy(live->scenario, full->scenario, sizeof live->scenario);
    memcpy(live->description, full->description, sizeof live->description);
    live->backend = full->backend;
    live->buffer_slots = full->buffer_slots;
    live->parent_pid = full->parent_pid;
    live->outcome = CV_OUTCOME_RUNNING;
    return CV_OK;
}

cv_status cv_synthetic_replay_until(cv_trace *live, const cv_trace *full, size_t *cursor,
                                    int64_t until_ns, cv_error *err)
{
    for (uint32_t l = 0; l < full->lane_count; l++) {
        const cv_lane_events *lane = &full->events[l];
        size_t from = cursor[l];
        size_t to = from;
        while (to < lane->count && lane->events[to].time_ns < until_ns)
            to++;
        cv_status status = cv_trace_append(live, l, lane->events + from, to - from, err);
        if (status != CV_OK)
            return status;
        cursor[l] = to;
    }
    if (until_ns > live->end_ns)
        live->end_ns = until_ns;
    return CV_OK;
}
