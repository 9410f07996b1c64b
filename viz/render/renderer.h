/*
 * renderer.h — draws a run: header, legend, one lane per worker, the buffer,
 * per-worker statistics and the time axis, into any SDL_Renderer.
 *
 * The window hands it its own renderer each frame; the PNG export hands it a
 * software renderer drawing into a surface. It draws into a rectangle, so a
 * window can hold several panes, and takes its time axis as a value, so the
 * panes can share one. Where things go is layout/layout.h's business. Drawing and windowing stay
 * apart: the renderer knows nothing of events, keys or the engine, only a trace, its timeline model
 * and what the caller says about the moment (cv_render_frame). Every size is in points times the
 * renderer's scale (projector mode, high-DPI).
 */
#ifndef CONVEYOR_VIZ_RENDERER_H
#define CONVEYOR_VIZ_RENDERER_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "conveyor/run_result.h"
#include "conveyor/status.h"
#include "conveyor/trace.h"
#include "layout/step_marks.h"
#include "layout/time_axis.h"
#include "render/theme.h"
#include "timeline/handover.h"
#include "timeline/timeline.h"

typedef struct cv_renderer cv_renderer;

/* What to draw this frame. Zero fields mean "nothing to say". */
typedef struct cv_render_frame {
    SDL_Rect bounds; /* where to draw; everything stays inside it. Empty = the whole output */
    const cv_trace *trace;
    const cv_timeline *timeline;
    const cv_run_result *result; /* NULL while the run goes on or when unknown */
    int64_t view_t0_ns;          /* the visible time range, across this picture's plot */
    int64_t view_t1_ns;
    const cv_time_axis *time_axis; /* or a time axis shared with other panes (then the
                                      view range is ignored); NULL = from the view range */
    int64_t now_ns;                /* live edge or replay playhead: nothing is drawn after it */
    int64_t count_from_ns;         /* the statistics column counts this stretch (a --range): */
    int64_t count_to_ns;           /* from count_from_ns to the earlier of count_to_ns and
                                      now_ns; both 0 = from the run's start up to now_ns */
    bool moment_set;               /* the slots row shows moment_ns (up to now_ns), not now_ns */
    int64_t moment_ns;
    const char *status; /* a short mode word for the header: "LIVE", "PAUSED", ... */
    const char *hint;   /* a quiet line in the bottom-right corner ("H or ?  controls") */
    bool have_progress; /* produced/consumed come from the engine's counters */
    uint64_t produced;
    uint64_t consumed;
    bool hover;       /* mouse_x/y are in the picture: draw the tooltip */
    bool cursor_only; /* stacked panes: another pane is hovered; draw only the cursor
                         line at mouse_x, the same moment on the shared axis */
    int mouse_x;
    int mouse_y;
    int label_column_w;   /* stacked panes: the shared label column width (layout/panes.h);
                             0 = as wide as this trace's names need */
    const char *title;    /* NULL = the scenario's name; a pane of a comparison: its variant */
    const char *subtitle; /* NULL = the scenario's description; a pane: its one-line result */
    /* Item hand-overs (timeline/handover.h), kept up to date by the caller; NULL =
     * no arrows. With it, hovering a put or get tick draws that item's arrow, and
     * arrows = true draws one for every item in view (thinned when zoomed out). */
    const cv_handover_index *handovers;
    bool arrows;
    /* A tick clicked in the window: this item's arrow stays drawn, highlighted,
     * wherever the mouse goes (needs handovers). */
    bool item_pinned;
    uint32_t pinned_item;
    /* Step mode (layout/step_marks.h): one mark per lane and the banner, drawn
     * over the lanes and under the tooltip; NULL = not in step mode. */
    const cv_step_mark *step_marks;
    const char *step_banner;
    /* The steps taken so far (cv_engine_steps_taken), the last of them
     * listed over the share column in step mode (step_marks set) and, once
     * some were taken, after it (the run ended, or runs freely). */
    const cv_step_record *steps_taken;
    size_t steps_taken_count;
} cv_render_frame;

/* The item whose put or get tick is at x, y (within 4 points) in the last
 * frame drawn, found in handovers; false when none is there, or when that
 * item has no put or no get to draw an arrow between. */
bool cv_renderer_item_at(const cv_renderer *renderer, const cv_handover_index *handovers, int x,
                         int y, uint32_t *item);

/* Fonts are opened for the renderer at the scale (1 = normal, 2 = projector). */
cv_status cv_renderer_create(SDL_Renderer *sdl, const cv_theme *theme, float scale,
                             cv_renderer **out, cv_error *err);
void cv_renderer_destroy(cv_renderer *renderer);

cv_status cv_renderer_set_scale(cv_renderer *renderer, float scale, cv_error *err);
float cv_renderer_scale(const cv_renderer *renderer);
void cv_renderer_set_theme(cv_renderer *renderer, const cv_theme *theme);

/* The theme drawn with. */
const cv_theme *cv_renderer_theme(const cv_renderer *renderer);

/* How wide the lane label column would be for this trace (stacked panes take
 * the widest and pass it as cv_render_frame.label_column_w). */
int cv_renderer_label_column_width(cv_renderer *renderer, const cv_trace *trace);

/* Draw the picture into frame->bounds (cleared first); nothing is drawn outside it. */
void cv_renderer_draw(cv_renderer *renderer, const cv_render_frame *frame);

/* Where the last draw put the lanes' time area (for zoom at cursor and drag). */
SDL_Rect cv_renderer_plot_rect(const cv_renderer *renderer);

/* Whether the last draw's text was too big for its lanes (cv_layout_text_too_big). */
bool cv_renderer_text_too_big(const cv_renderer *renderer);

/* The time axis of the last draw, to share with other panes. */
cv_time_axis cv_renderer_time_axis(const cv_renderer *renderer);

/* Where the last draw put the buffer strip and the tick labels: the time ruler
 * under the lanes, where a click moves a replay's playhead. */
SDL_Rect cv_renderer_ruler_rect(const cv_renderer *renderer);

/* A centred panel with a title and lines of text (the help overlay); a tab in
 * a line splits it into keys (bold, in a column of their own) and words. */
void cv_renderer_draw_panel(cv_renderer *renderer, const char *title, const char *const *lines,
                            int line_count);

/* A one-line message near the bottom ("saved conveyor-classic-....png"). */
void cv_renderer_draw_toast(cv_renderer *renderer, const char *message);

/* Call once after presenting a frame: frees text not drawn lately. */
void cv_renderer_end_frame(cv_renderer *renderer);

/* A pane whose run has not started yet (a comparison's next run): its title
 * and one line ("next: starts when the run above ends") on the panel colour. */
void cv_renderer_draw_waiting(cv_renderer *renderer, SDL_Rect bounds, const char *title,
                              const char *line);

#endif
