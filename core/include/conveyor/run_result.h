/*
 * run_result.h — how a run went: its outcome, the ledger's verdict, and a
 * summary per worker. The engine fills it; the exports and the renderer
 * read it without needing the engine.
 */
#ifndef CONVEYOR_RUN_RESULT_H
#define CONVEYOR_RUN_RESULT_H

#include <stdbool.h>
#include <stdint.h>

#include "conveyor/outcome.h"
#include "conveyor/trace.h"
#include "conveyor/types.h"

/* Lost and duplicated ids listed by id (the counts are always complete). */
#define CV_MAX_LISTED_IDS 10

typedef struct cv_worker_summary {
    char name[CV_LANE_NAME_MAX];
    cv_role role;
    int64_t os_id;
    uint64_t items;                   /* items put (producer) or got (consumer) */
    int64_t spawn_ns;                 /* request to start -> first instruction */
    int64_t state_ns[CV_STATE_COUNT]; /* time per state, measured by the worker */
    int exit_signal;                  /* processes: the signal that killed it, or 0 */
    int exit_code;                    /* processes: exit status if it exited */
    bool died;                        /* ended abnormally */
} cv_worker_summary;

typedef struct cv_run_result {
    cv_outcome outcome;
    cv_backend backend;
    double elapsed_s;
    uint64_t items_produced;
    uint64_t items_consumed;
    bool ledger_ok;
    uint64_t lost_count;       /* ids put but never got */
    uint64_t duplicated_count; /* ids got more than once, or got but never put */
    uint32_t lost_ids[CV_MAX_LISTED_IDS];
    uint32_t duplicated_ids[CV_MAX_LISTED_IDS];
    uint64_t leftover_items; /* still in the buffer at the end */
    uint64_t dropped_events;
    double calibration_iterations_per_us;
    cv_machine machine;     /* cores, load at the start, busy verdict (also in the trace) */
    char explanation[1024]; /* why it ended, for people: deadlock waits, dead worker, ... */
    int32_t lock_holder;    /* deadlock: the worker holding the buffer lock, or -1 */
    uint32_t worker_count;
    cv_worker_summary *workers; /* owned by the engine */
} cv_run_result;

#endif
