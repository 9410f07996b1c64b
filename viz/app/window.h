/*
 * window.h — the live window: run a scenario and draw it as it happens, or
 * play a saved trace back.
 *
 * The window owns the loop. Each frame it polls the engine (which never waits
 * for it), lets the timeline model take in the new events and draws with the
 * renderer. Keys follow docs and the help overlay (H, ? or F1): Space pause, wheel
 * or W/X zoom at the cursor, drag or A/D pan, F follow, Home fit, R restart,
 * T threads<->processes, C compare with the other backend (it runs after
 * this run, in a pane below), + / - consumers, P step mode (1-9 or a click
 * on a lane: one step; G: run freely), S screenshot, Ctrl +/- scale,
 * Esc/Q quit. In replay, Space plays/pauses, [ and ] change speed, arrow keys and a
 * click on the time axis move the playhead. The keys are one table
 * (app/key_bindings.h), which also writes the help. Like everything below
 * main, the window prints nothing: it returns a status, fills an error and
 * tells the caller what happened through on_notice and frames.
 */
#ifndef CONVEYOR_VIZ_WINDOW_H
#define CONVEYOR_VIZ_WINDOW_H

#include <stdbool.h>
#include <stddef.h>

#include "conveyor/engine.h"
#include "conveyor/scenario.h"
#include "conveyor/status.h"
#include "conveyor/trace.h"
#include "render/theme.h"

/* What cv_window_run returns. */
enum {
    CV_WINDOW_COMPLETED = 0, /* the last run completed and its ledger balanced; or replay closed */
    CV_WINDOW_FAILED = 1,    /* the last run ended badly: deadlock, race, dead worker, failure */
    CV_WINDOW_ERROR = 2,     /* nothing could be shown: no display, engine refused (see error) */
    CV_WINDOW_STOPPED = 3    /* the user closed the window before the run ended */
};

/* How the window's frames went, for --verbose. */
typedef struct cv_window_frames {
    size_t count;     /* frames drawn */
    double median_ms; /* time to draw one frame */
    double p99_ms;
} cv_window_frames;

/* One run of a comparison window: live (scenario) or replayed (a trace). */
typedef struct cv_window_pane {
    const cv_scenario *scenario;        /* live: the run (copied) */
    const cv_trace *replay;             /* replay: a loaded trace */
    const cv_run_result *replay_result; /* replay: its result if known (may be NULL) */
    const char *title;                  /* the pane's title: "gil-threads · processes" */
    const char *subtitle;               /* replay: its one-line result (live panes say their own) */
} cv_window_pane;

/* Zero-initialised fields are the defaults. */
typedef struct cv_window_options {
    const cv_scenario *scenario;        /* live: the scenario to run (copied); or NULL */
    const cv_trace *replay;             /* replay: a loaded trace to play back; or NULL */
    const cv_run_result *replay_result; /* replay: its result if known (may be NULL) */
    /* A comparison: 2 to 4 runs (all live or all replayed) stacked on one time
     * axis; live, each starts when the one above has ended. scenario and
     * replay are then ignored. 0 or 1: the single run above. */
    const cv_window_pane *panes;
    int pane_count;
    cv_engine_options engine; /* passed to cv_engine_start */
    float scale;              /* text and lane size; 0 = 1 (times the screen's DPI ratio) */
    cv_theme_id theme;        /* CV_THEME_LIGHT by default */
    int width, height;        /* window size; 0 = 1280x800 */
    bool fullscreen;          /* open full screen (F11 toggles) */
    bool arrows;              /* open with an arrow for every item in view (I toggles) */
    double exit_after_s;      /* close by itself after this long; 0 = stay open */
    int64_t range_start_ns;   /* --range: the stretch of time it opens on; both 0 = all */
    int64_t range_end_ns;
    /* Filled as the window closes, if not NULL: frames drawn and frame times. */
    struct cv_window_frames *frames;
    /* Called once as the window closes, with the last run's trace and result
     * (live; the run is over by then), before the engine is destroyed; in a
     * comparison (or after C), the first pane's. */
    void (*on_finish)(const cv_trace *trace, const cv_run_result *result, void *user);
    void *user;
    /* Step mode (engine.step): replay these steps first (schedule_count of
     * them, from the schedule file schedule_path; none if 0), and hand the
     * steps taken to on_steps (may be NULL) as the window closes, before
     * on_finish. */
    const cv_step_record *schedule;
    size_t schedule_count;
    const char *schedule_path;
    void (*on_steps)(const cv_step_record *steps, size_t count, const cv_trace *trace, void *user);
    /* Called with what the user should also find outside the window: where a
     * screenshot was saved, or why it could not be (may be NULL). The window
     * itself prints nothing. */
    void (*on_notice)(const char *message, void *user);
    /* Polled every frame: true closes the window as Esc would (Ctrl-C, SIGTERM). */
    bool (*should_close)(void *user);
    cv_error *error; /* filled when CV_WINDOW_ERROR is returned (may be NULL) */
} cv_window_options;

/* Open the window and run until the user closes it or exit_after_s passes. */
int cv_window_run(const cv_window_options *options);

#endif
