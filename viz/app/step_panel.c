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

bool cv_step_panel_step(cv_engine *engine, int lane, char *message, size_t size)
{
    const cv_trace *trace = cv_engine_trace(engine);
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
