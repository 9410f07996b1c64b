/*
 * draw_step_marks.h — step mode on the picture: each lane's mark at the
 * right end of its bar (a filled tag for a worker that can take its next
 * step, an outlined one for a worker that waits) and the banner across the
 * top of the lanes. cv_renderer_draw draws them for a frame that carries
 * them (cv_render_frame.step_marks), over the lanes and under the tooltip.
 */
#ifndef CONVEYOR_VIZ_RENDER_DRAW_STEP_MARKS_H
#define CONVEYOR_VIZ_RENDER_DRAW_STEP_MARKS_H

#include "layout/step_marks.h"
#include "render/renderer.h"

/* Marks for the lanes as the current draw placed them (marks: one per lane). */
void cv_renderer_draw_step_marks(cv_renderer *renderer, const cv_step_mark *marks,
                                 uint32_t lane_count, const char *banner);

/* The last steps taken, numbered as --save-schedule writes them, newest at
 * the bottom, in a box over the share column of the statistics (from the
 * lanes' top to the buffer strip's bottom), titled with how many there are
 * ("20 steps taken"). When the share column is too narrow (large text in
 * a small window), over the items column too; nothing when even that is
 * too narrow for a line. */
void cv_renderer_draw_steps_taken(cv_renderer *renderer, const cv_step_record *taken, size_t count,
                                  const cv_trace *trace);

/* The lane whose row of the last draw holds (x, y), or -1. */
int cv_renderer_lane_at(const cv_renderer *renderer, int x, int y);

#endif
