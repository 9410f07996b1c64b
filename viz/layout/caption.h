/*
 * caption.h — the words a picture of a run says, worked out once.
 *
 * The header's title, the setup and progress facts, the outcome banner, the
 * dropped-events warning and the explanation of how the run ended are the
 * same whether the window, the PNG export or the SVG writer draws them, so
 * they are composed here, from the trace, the result and the moment shown,
 * and never spelled twice.
 */
#ifndef CONVEYOR_VIZ_LAYOUT_CAPTION_H
#define CONVEYOR_VIZ_LAYOUT_CAPTION_H

#include <stdbool.h>
#include <stdint.h>

#include "conveyor/run_result.h"
#include "conveyor/trace.h"
#include "timeline/lane_stats.h"

/* What the caption is made from. Zero fields mean "nothing to say". */
typedef struct cv_caption_facts {
    const cv_trace *trace;
    const cv_run_result *result; /* NULL while the run goes on or when unknown */
    const cv_lane_stats *stats;  /* items per worker up to now, when there are no counters */
    int64_t now_ns;              /* the moment shown */
    const char *status;          /* a short mode word for the banner: "LIVE", "PAUSED" */
    bool have_progress;          /* produced/consumed are the engine's counters */
    uint64_t produced;
    uint64_t consumed;
} cv_caption_facts;

/* Which colour the banner takes. */
typedef enum cv_banner_tone {
    CV_BANNER_NONE = 0, /* no banner */
    CV_BANNER_OUTCOME,  /* the outcome's colour (cv_theme_outcome_colour) */
    CV_BANNER_BAD,      /* completed, but the ledger is broken */
    CV_BANNER_STATUS    /* the caller's status word, neutral */
} cv_banner_tone;

typedef struct cv_caption {
    char title[CV_NAME_MAX + 32];         /* the scenario's name */
    char description[CV_DESCRIPTION_MAX]; /* its one-line description, or "" */
    char banner[96];                      /* "DEADLOCK", "COMPLETED ✓", "LIVE", or "" */
    cv_banner_tone banner_tone;
    cv_outcome outcome; /* for CV_BANNER_OUTCOME */
    char setup[224]; /* "threads · 1 producer → 1 consumer · buffer 4 slots · 2 cores · load 0.3" */
    char progress[160];     /* "1.23 s · produced 10 · consumed 10 · 8.1 items/s" */
    char facts[400];        /* setup · progress, for one line */
    char facts_brief[300];  /* "threads · sync semaphores · GIL off" · progress: what one
                               line keeps when the facts do not fit */
    char warning[400];      /* dropped events, a busy machine or unmeasured core waits, or "" */
    char explanation[1024]; /* how the run ended (deadlock waits, ...), or "" */
} cv_caption;

/* Compose the caption for facts (facts->trace must be set). */
void cv_caption_make(cv_caption *out, const cv_caption_facts *facts);

/* The words tagged at the right end of a lane, copied into out: on a
 * deadlock, who holds the lock and who waits ("holds the lock, waits for a
 * slot", "waits for the lock"); for a worker that died, how (as
 * cv_caption_death). Returns false, out "", when the lane is not part of the
 * story. */
bool cv_caption_lane_tag(const cv_trace *trace, const cv_run_result *result, uint32_t lane,
                         char *out, size_t out_size);

/* Whether lane's worker died, as result says (false without a result).
 * A dead worker's `done` (the tracer closes a dead child's lane with one)
 * is drawn as no bar: its lane ends where it died. */
bool cv_caption_lane_died(const cv_run_result *result, uint32_t lane);

/* How lane's worker ended when it died ("died: killed by signal 9 (Killed)",
 * "died: exited with status 3", "died"), copied into out; false, out "",
 * when it did not die or result says nothing of it. */
bool cv_caption_death(const cv_run_result *result, uint32_t lane, char *out, size_t out_size);

#endif
