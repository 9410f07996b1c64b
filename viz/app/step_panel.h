/*
 * step_panel.h — step mode in the window: mark the lanes with what each
 * worker would do next, and let the student's key or click take one
 * worker's step. window.c calls these; the engine keeps the
 * steps (conveyor/step.h), the marks' words are layout/step_marks.c's.
 */
#ifndef CONVEYOR_VIZ_APP_STEP_PANEL_H
#define CONVEYOR_VIZ_APP_STEP_PANEL_H

#include <stdbool.h>
#include <stddef.h>

#include "conveyor/engine.h"
#include "render/renderer.h"

/* Is the run in step mode (and still going)? */
bool cv_step_panel_active(cv_engine *engine);

/* This moment's marks (marks: one per lane of the engine's trace) and
 * banner, for cv_render_frame.step_marks and step_banner, which the renderer
 * draws over the lanes and under the tooltip. False when the run is not in
 * step mode. */
bool cv_step_panel_compose(cv_engine *engine, cv_step_mark *marks, char *banner,
                           size_t banner_size);

/* The lane drawn at (x, y) in the last picture, or -1. */
int cv_step_panel_lane_at(const cv_renderer *renderer, int x, int y);

/* Let lane take one step. running: the run still goes on (the window's
 * word, cv_engine_poll has not returned false). False, with why in message
 * (for a toast), if it cannot now: "C1 cannot go: wait full \u2014 no item
 * (full = 0)", "no lane 9: this run has 3", "the run has ended: P runs it
 * again in step mode", "everyone runs freely since G: P restarts the run in
 * step mode", "not in step mode: P restarts the run in it". */
bool cv_step_panel_step(cv_engine *engine, bool running, int lane, char *message, size_t size);

#endif
