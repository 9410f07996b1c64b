/*
 * trace.h — what happened: worker states, trace events and the collected trace.
 *
 * Workers record 16-byte events: a state change (the worker is now working,
 * sleeping on I/O, blocked on a full buffer, ...) or an instant put/get with
 * the item id and the buffer's fill level. A state lasts until the worker's
 * next state event. Times are nanoseconds since the run started (the moment
 * the engine began starting workers), on CLOCK_MONOTONIC.
 *
 * A cv_trace holds one growable, time-ordered event array per worker (lane)
 * plus what is needed to label the lanes. The engine fills it while the run
 * goes on; a saved Chrome trace is read back into the same structure.
 */
#ifndef CONVEYOR_TRACE_H
#define CONVEYOR_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conveyor/outcome.h"
#include "conveyor/status.h"
#include "conveyor/types.h"

/* Event kinds: 0..CV_STATE_COUNT-1 are state changes; these are instants. */
enum {
    CV_EVENT_PUT = 16, /* item placed in the buffer; fill is after the put */
    CV_EVENT_GET = 17  /* item taken from the buffer; fill is after the get */
};

#define CV_EVENT_FILL_MAX 0xffffffu

/* 16 bytes; kind in the low 8 bits of kind_fill, the fill level above it. */
typedef struct cv_event {
    int64_t time_ns;
    uint32_t item;
    uint32_t kind_fill;
} cv_event;

_Static_assert(sizeof(cv_event) == 16, "trace events are 16 bytes");

static inline cv_event cv_event_make(int64_t time_ns, uint32_t kind, uint32_t item, uint32_t fill)
{
    cv_event e = {time_ns, item, (kind & 0xffu) | (fill << 8)};
    return e;
}
static inline uint32_t cv_event_kind(const cv_event *e)
{
    return e->kind_fill & 0xffu;
}
static inline uint32_t cv_event_fill(const cv_event *e)
{
    return e->kind_fill >> 8;
}
static inline bool cv_event_is_state(const cv_event *e)
{
    return cv_event_kind(e) < CV_STATE_COUNT;
}
/* A put or a get: an item handed over through the buffer. */
static inline bool cv_event_is_handover(const cv_event *e)
{
    uint32_t kind = cv_event_kind(e);
    return kind == CV_EVENT_PUT || kind == CV_EVENT_GET;
}

/* What a lane's os_id is. The engine runs one backend, so its lanes leave
 * it to the trace's backend; a traced program (core/tracer) may have both
 * threads and forked processes, and says per lane. */
typedef enum cv_os_id_kind {
    CV_OS_ID_AS_BACKEND = 0, /* a tid if the trace's backend is threads, else a pid */
    CV_OS_ID_THREAD = 1,     /* a thread's tid */
    CV_OS_ID_PROCESS = 2     /* a process's pid */
} cv_os_id_kind;
#define CV_OS_ID_KIND_COUNT 3

/* Who a lane belongs to. */
typedef struct cv_lane_info {
    char name[CV_LANE_NAME_MAX]; /* "P0", "C1", "fast0" */
    cv_role role;
    uint32_t group;           /* index into the scenario's groups */
    int64_t os_id;            /* tid (threads) or pid (processes); 0 until known */
    cv_os_id_kind os_id_kind; /* which of the two os_id is */
} cv_lane_info;

typedef struct cv_lane_events {
    cv_event *events; /* time-ordered */
    size_t count;
    size_t capacity;
} cv_lane_events;

/* What the machine gave a run: filled by the engine when it starts (the busy
 * verdict when it ends) and kept in saved traces, so a replay says it too. */
#define CV_MACHINE_NOTE_MAX 192
typedef struct cv_machine {
    uint32_t cores;                 /* CPUs the workers could use (the run's `cores`, or all) */
    uint32_t cores_available;       /* CPUs conveyor was allowed when the run started */
    double load_average;            /* 1-minute load average at the start; negative if unknown */
    bool ready_measured;            /* waits for a core after a sleep were measured */
    bool busy;                      /* other programs took the run's cores: numbers may differ */
    char note[CV_MACHINE_NOTE_MAX]; /* why the machine was busy, or why waits went unmeasured */
} cv_machine;

/* "2 cores", "1 of 2 cores", then " · load 1.3" when known (UTF-8): for
 * headers and summaries. Nothing when cores is 0 (a trace that never said). */
void cv_machine_format_cores(const cv_machine *machine, char *out, size_t size);

typedef struct cv_trace {
    char scenario[CV_NAME_MAX];
    char description[CV_DESCRIPTION_MAX];
    cv_backend backend;
    uint32_t buffer_slots;
    int64_t parent_pid;
    uint32_t lane_count;
    cv_lane_info *lanes;     /* lane_count entries */
    cv_lane_events *events;  /* lane_count entries */
    uint64_t event_count;    /* sum over lanes */
    uint64_t dropped_events; /* events workers could not record (ring full) */
    int64_t end_ns;          /* the latest time known: the live edge or the run's end */
    bool finished;           /* the run is over; end_ns is final */
    cv_outcome outcome;      /* CV_OUTCOME_RUNNING while live */
    cv_machine machine;      /* cores, load, whether `ready` was measured */
    bool mode_known;         /* sync and gil were recorded (not in older trace files) */
    cv_sync sync;            /* how the buffer was guarded */
    bool gil;                /* the simulated GIL was on */
} cv_trace;

/* Whether a lane is a process of its own (its os_id a pid), not a thread. */
static inline bool cv_lane_is_process(const cv_trace *trace, uint32_t lane)
{
    cv_os_id_kind kind = trace->lanes[lane].os_id_kind;
    if (kind == CV_OS_ID_AS_BACKEND)
        return trace->backend == CV_BACKEND_PROCESSES;
    return kind == CV_OS_ID_PROCESS;
}

/* "tid" or "pid": the word for a lane's os_id, as labels and tooltips show it. */
static inline const char *cv_lane_os_id_word(const cv_trace *trace, uint32_t lane)
{
    return cv_lane_is_process(trace, lane) ? "pid" : "tid";
}

/* An empty trace with lane_count lanes (infos zeroed). */
cv_status cv_trace_init(cv_trace *trace, uint32_t lane_count, cv_error *err);
/* Append events to a lane; they must not go back in time. CV_ERR_NOMEM
 * (err filled) if the lane cannot grow. The engine's collector and the
 * native trace file reader fill lanes through a private interface
 * (core/trace/trace_grow.h) instead. */
cv_status cv_trace_append(cv_trace *trace, uint32_t lane, const cv_event *events, size_t count,
                          cv_error *err);
void cv_trace_free(cv_trace *trace);

/*
 * Time spent per state on one lane, up to end_ns (a state open at the end is
 * counted up to end_ns). Used for live statistics and summaries.
 */
void cv_trace_lane_state_times(const cv_trace *trace, uint32_t lane, int64_t end_ns,
                               int64_t out_ns[CV_STATE_COUNT]);

#endif
