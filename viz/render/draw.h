/*
 * draw.h — private to the renderer: its state and the drawing primitives the
 * parts of the picture share. Each part is a file of its own: draw_header.c
 * (header and legend), draw_lanes.c (lanes, labels, statistics column),
 * draw_buffer.c (fill strip, time axis, slots) and draw_tooltip.c (hover).
 * Where things go is the layout's business (layout/layout.h); these files
 * only paint what it placed.
 */
#ifndef CONVEYOR_VIZ_RENDER_DRAW_H
#define CONVEYOR_VIZ_RENDER_DRAW_H

#include "layout/arrows.h"
#include "layout/caption.h"
#include "layout/layout.h"
#include "layout/time_axis.h"
#include "render/renderer.h"
#include "render/text.h"
#include "timeline/lane_stats.h"

#define BATCH_MARKS CV_STATE_COUNT
#define BATCH_FILL (CV_STATE_COUNT + 1)
#define BATCH_COUNT (CV_STATE_COUNT + 2)

typedef struct rect_batch {
    SDL_Rect *rects;
    int count;
    int capacity;
} rect_batch;

struct cv_renderer {
    SDL_Renderer *sdl;
    const cv_theme *theme;
    float scale;
    cv_text *text;
    cv_column *columns;
    uint32_t *fill;
    uint32_t column_capacity;
    rect_batch batches[BATCH_COUNT];
    cv_lane_stats stats;
    cv_caption caption;        /* this frame's words */
    cv_layout lay;             /* this frame's layout */
    cv_time_axis time;         /* this frame's time axis */
    int64_t view_t1_ns;        /* the time at the plot's right edge */
    SDL_Texture *lane_texture; /* dense lanes, one texel per column (see draw_lanes.c) */
    int lane_texture_w, lane_texture_h;
    bool *lane_textured; /* per lane this frame: drawn from the texture */
    uint32_t lane_textured_capacity;
    cv_handover *handovers;  /* the item arrows' hand-overs and places (draw_arrows.c), */
    cv_arrows_place *arrows; /* allocated the first time arrows are drawn */
};

/* Pixels for a length in points at the renderer's scale. */
int cv_draw_px(const cv_renderer *r, float points);
void cv_draw_fill(cv_renderer *r, int x, int y, int w, int h, cv_rgb colour);
void cv_draw_outline(cv_renderer *r, int x, int y, int w, int h, int thickness, cv_rgb colour);
void cv_draw_set_colour(cv_renderer *r, cv_rgb colour);

/* Text the layout placed, in a colour. */
void cv_draw_text(cv_renderer *r, const cv_layout_text *at, const char *string, cv_rgb colour);

/* Rectangles gathered per colour and drawn in one call. */
void cv_draw_batch_push(rect_batch *batch, int x, int y, int w, int h);
void cv_draw_batch_flush(cv_renderer *r, int index, cv_rgb colour);

/* Columns of the plot that lie before now (nothing is drawn after it). */
uint32_t cv_draw_visible_columns(const cv_renderer *r, const cv_render_frame *frame);
int cv_draw_x_of_time(const cv_renderer *r, int64_t t_ns);

/* The parts of the picture, in the order they are painted. */
void cv_draw_header(cv_renderer *r);
void cv_draw_legend(cv_renderer *r);
void cv_draw_lane_backgrounds(cv_renderer *r);
void cv_draw_grid(cv_renderer *r, int64_t step_ns, int top, int bottom);
void cv_draw_lanes(cv_renderer *r, const cv_render_frame *frame);
void cv_draw_lane_labels(cv_renderer *r, const cv_render_frame *frame);
void cv_draw_lane_tags(cv_renderer *r, const cv_render_frame *frame);
void cv_draw_stats(cv_renderer *r, const cv_render_frame *frame);
void cv_draw_fill_strip(cv_renderer *r, const cv_render_frame *frame, int64_t grid_step_ns);
void cv_draw_axis(cv_renderer *r, int64_t step_ns);
void cv_draw_slots(cv_renderer *r, const cv_render_frame *frame);
void cv_draw_now_line(cv_renderer *r, const cv_render_frame *frame);
void cv_draw_hover(cv_renderer *r, const cv_render_frame *frame);
void cv_draw_arrows(cv_renderer *r, const cv_render_frame *frame);

#endif
