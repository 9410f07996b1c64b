/*
 * step_marks.h — what step mode says on the picture: for each lane, its
 * number (the key that steps it) and the operation it would do next ("1  P0:
 * wait empty"), or why it cannot ("5  P1: lock — the lock is held by C0"); and
 * a banner over the lanes saying how to choose. Words only; the renderer
 * places and paints them (render/draw_step_marks.c).
 */
#ifndef CONVEYOR_VIZ_LAYOUT_STEP_MARKS_H
#define CONVEYOR_VIZ_LAYOUT_STEP_MARKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conveyor/step.h"
#include "conveyor/trace.h"

/* Lanes 1 to 9 are stepped with their number key; all with a click. */
#define CV_STEP_MARK_KEYS 9

typedef enum cv_step_mark_kind {
    CV_STEP_MARK_CAN,    /* it can take its next step: the student may choose it */
    CV_STEP_MARK_CANNOT, /* it waits at its gate for something */
    CV_STEP_MARK_ENDED,  /* done: nothing to say */
} cv_step_mark_kind;

typedef struct cv_step_mark {
    cv_step_mark_kind kind;
    char text[256];
} cv_step_mark;

/* Marks for each of trace's lanes (marks: lane_count entries) from the
 * engine's choices, and the banner. moving: a step is under way (no marks,
 * the banner says so). gil: the run has a GIL, and the banner says it limits
 * the choice. */
void cv_step_marks_compose(const cv_step_choice *choices, const cv_trace *trace, bool moving,
                           bool gil, cv_step_mark *marks, char *banner, size_t banner_size);

/* The step taken[index] as --save-schedule writes it, numbered from 1 in
 * the order it writes them (replayed steps included): "14  C0 get",
 * "15  run". */
void cv_step_marks_taken_line(const cv_step_record *taken, size_t index, const cv_trace *trace,
                              char *line, size_t line_size);

/* Why the worker named name cannot take a step now, for the message shown
 * when the student picks it: "C1 cannot go: wait full \u2014 no item (full =
 * 0)", "C1 cannot go: it has ended", "C1 cannot go yet: a step is under
 * way". moving: a step is under way. False, message untouched, when it can
 * go. */
bool cv_step_marks_why_not(const cv_step_choice *choice, const char *name, bool moving,
                           char *message, size_t message_size);

#endif
