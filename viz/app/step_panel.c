/*
 * step_panel.c — step mode in the window (see step_panel.h). A schedule is
 * replayed by the engine itself, a step as soon as the last one is over
 * (window.c hands it over when the run starts); after it the student
 * chooses.
 */
#include "app/step_panel.h"

#include <stdio.h>
#include <stdlib.h>

#include "layout/step_marks.h"
#include "render/draw_step_marks.h"

bool cv_step_panel_active(cv_engine *engine)
{
    return engine && cv_engine_step_look(engine, NULL) != CV_STEP_OFF;
}

bool cv_step_panel_compose(cv_engine *engine, cv_step_mark *marks, char *banner, size_t banner_size)
{
    const cv_trace *trace = cv_engine_trace(engine);
    cv_step_choice *choices = calloc(trace->lane_count, sizeof *choices);
    if (!choices)
        return false;
    cv_step_phase phase = cv_engine_step_look(engine, choices);
    if (phase != CV_STEP_OFF)
        cv_step_marks_compose(choices, trace, phase == CV_STEP_MOVING,
                              cv_engine_scenario(engine)->gil, marks, banner, banner_size);
    free(choices);
    return phase != CV_STEP_OFF;
}

int cv_step_panel_lane_at(const cv_renderer *renderer, int x, int y)
{
    return cv_renderer_lane_at(renderer, x, y);
}

/* Why no lane can be picked: the run is over, or not (or no longer) held. */
static bool not_stepping(cv_engine *engine, bool running, char *message, size_t size)
{
    size_t count = 0;
    const cv_step_record *taken = cv_engine_steps_taken(engine, &count);
    if (!running)
        snprintf(message, size, "the run has ended: P runs it again in step mode");
    else if (count > 0 && taken[count - 1].worker == CV_STEP_RUN_FREELY)
        snprintf(message, size, "everyone runs freely since G: P restarts the run in step mode");
    else if (!cv_step_panel_active(engine))
        snprintf(message, size, "not in step mode: P restarts the run in it");
    else
        return false;
    return true;
}

bool cv_step_panel_step(cv_engine *engine, bool running, int lane, char *message, size_t size)
{
    const cv_trace *trace = cv_engine_trace(engine);
    if (not_stepping(engine, running, message, size))
        return false;
    if (lane < 0 || (uint32_t)lane >= trace->lane_count) {
        snprintf(message, size, "no lane %d: this run has %u", lane + 1, trace->lane_count);
        return false;
    }
    /* Say why in the marks' own words before asking the engine, whose
     * refusal is the fallback (the moment may pass in between). */
    cv_step_choice *choices = calloc(trace->lane_count, sizeof *choices);
    bool refused = false;
    if (choices) {
        cv_step_phase phase = cv_engine_step_look(engine, choices);
        refused =
            phase != CV_STEP_OFF && cv_step_marks_why_not(&choices[lane], trace->lanes[lane].name,
                                                          phase == CV_STEP_MOVING, message, size);
        free(choices);
    }
    if (refused)
        return false;
    cv_error err;
    if (cv_engine_step(engine, (uint32_t)lane, &err) == CV_OK)
        return true;
    snprintf(message, size, "%s", err.message);
    return false;
}
