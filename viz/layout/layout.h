/*
 * layout.h — where each part of the picture of a run goes.
 *
 * One function turns a rectangle, a scale, the spacing scale, a way to
 * measure text, the caption and the trace's lanes into named rectangles:
 * header (title, description, banner, facts, warning, explanation), legend,
 * the lane label column, the plot (the lanes' time area), the statistics
 * column, the buffer fill strip, the tick labels and the slots row. It draws
 * nothing and knows nothing of SDL: the renderer (window and PNG) and the SVG
 * writer both draw from it, so they show the same picture, and every
 * rectangle lies inside the one it was given, so a window can stack panes.
 */
#ifndef CONVEYOR_VIZ_LAYOUT_LAYOUT_H
#define CONVEYOR_VIZ_LAYOUT_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "conveyor/trace.h"
#include "layout/caption.h"
#include "layout/metrics.h"

/* One line of text: drawn with its top-left (or centre, or right) at x, y,
 * cut to max_w when max_w > 0. shown is false when there is nothing to draw. */
typedef struct cv_layout_text {
    bool shown;
    cv_font_style style;
    cv_align align;
    int x, y;
    int max_w;
} cv_layout_text;

/* What a legend entry stands for. */
typedef enum cv_legend_kind {
    CV_LEGEND_STATE = 0, /* a state's colour: state says which */
    CV_LEGEND_TICKS,     /* the put/get ticks */
    CV_LEGEND_FILL       /* the buffer fill colour */
} cv_legend_kind;

typedef struct cv_legend_entry {
    cv_legend_kind kind;
    int state;
    const char *label; /* the long or the short label, whichever fitted */
    cv_rect swatch;
    cv_layout_text text;
} cv_legend_entry;

#define CV_LEGEND_MAX (CV_STATE_COUNT + 2)
/* Lines a header text may wrap onto (the last one is cut to fit). */
#define CV_LAYOUT_LINES_MAX 4

/* A text wrapped onto lines: line i shows bytes [from[i], to[i]) of it. */
typedef struct cv_layout_lines {
    int count;
    cv_layout_text at[CV_LAYOUT_LINES_MAX];
    size_t from[CV_LAYOUT_LINES_MAX], to[CV_LAYOUT_LINES_MAX];
} cv_layout_lines;

/* How a lane's item count is shown in the statistics column. */
typedef enum cv_items_style {
    CV_ITEMS_BODY = 0, /* a number in the body font */
    CV_ITEMS_SMALL,    /* a number in the small font */
    CV_ITEMS_BAR       /* lanes thinner than a line: a bar, as long as the count is
                          against the busiest lane's */
} cv_items_style;

typedef struct cv_layout {
    cv_rect bounds; /* the rectangle the picture was laid out in */
    float scale;
    int margin;

    /* header */
    cv_rect header; /* from the top of bounds to the legend */
    cv_layout_text title, description;
    /* A description too long beside the title goes on: its first
     * description_split bytes there, the rest on a line of its own below
     * (description_more); 0 = all of it on one line. */
    size_t description_split;
    cv_layout_text description_more;
    cv_rect banner; /* w == 0: no banner */
    cv_layout_text banner_text;
    /* The facts (setup · progress) on one line; when they do not fit, the
     * setup, then the progress, each wrapped at its " · " separators; when
     * squeezed to one line, the brief facts (backend, sync, GIL, progress),
     * cut to fit: lines of the caption's facts, or of its facts_brief when
     * facts_brief is set. */
    cv_layout_lines facts;
    bool facts_brief;
    cv_layout_text warning;
    /* How the run ended, wrapped at spaces: up to 3 lines, fewer as the
     * header gives way to the lanes (the last line cut to fit). */
    cv_layout_lines explanation;

    /* legend */
    cv_rect legend;
    cv_legend_entry legend_entries[CV_LEGEND_MAX];
    int legend_count;

    /* the lanes and around them */
    cv_layout_text column_worker, column_items, column_share; /* the column titles */
    const char *column_share_title; /* "share of time by state", or shorter where it must be */
    cv_rect labels;                 /* lane labels, left of the plot */
    cv_rect plot;                   /* the lanes' time area */
    cv_rect stats;                  /* per-worker statistics, right of the plot */
    cv_rect strip;                  /* buffer fill over time, under the plot */
    cv_rect axis;                   /* tick labels */
    cv_rect slots;                  /* the buffer's slots at the current moment */
    int lane_h;                     /* pitch of one lane */
    int bar_inset;                  /* space above and below a bar inside its lane */
    uint32_t lanes_shown;           /* lanes that fit (the rest are counted, not drawn) */
    cv_layout_text more;            /* "+N more lanes not shown" */
    int tick_min_spacing;           /* pixels between tick labels at least */

    /* How lanes are labelled (cv_layout_lane_label) and their items shown. */
    cv_font_style lane_label_style; /* the name's font: LABEL, or SMALL in thin lanes */
    bool lane_id_shown;             /* the tid/pid under the name */
    uint32_t lane_label_every;      /* 1: every lane named; k: lanes thinner than a line of
                                       text, every k-th */
    cv_items_style items_style;
    int label_pad; /* left of a lane name, right of an item count */
    int label_h, small_h, body_h;

    /* Lanes first: how far the rest gave way (0: not at all), and whether the
     * lanes got at least half the height with a line of text each (where that
     * is possible at all). */
    int compact;
    bool lanes_first;
} cv_layout;

/* What the picture is laid out for. */
typedef struct cv_layout_input {
    cv_rect bounds;
    float scale; /* 1 = normal, 2 = projector */
    const cv_spacing *spacing;
    const cv_text_measurer *text;
    const cv_caption *caption;
    const cv_trace *trace; /* lane names and count */
    int label_column_w;    /* the lane label column's width; 0 = as wide as the names need.
                              Stacked panes pass the widest pane's, so their plots line up */
    uint32_t states_seen;  /* bit s: some lane has been in state s (cv_lane_stats_states_seen);
                              0 = not known. A squeezed legend lists only these */
} cv_layout_input;

/* Lay the picture out; every rectangle of out lies inside in->bounds. */
void cv_layout_compute(cv_layout *out, const cv_layout_input *in);

/* How wide the lane label column of this input would be (its names measured). */
int cv_layout_label_column_width(const cv_layout_input *in);

/* Pixels for a length in points at the layout's scale. */
int cv_layout_px(const cv_layout *layout, float points);

/* The bottom of the time band: the fill strip's, or the lanes' without one. */
int cv_layout_band_bottom(const cv_layout *layout);

/* The band of lane i (label column to statistics column), and its bar in the plot. */
cv_rect cv_layout_lane_row(const cv_layout *layout, uint32_t lane);
cv_rect cv_layout_lane_bar(const cv_layout *layout, uint32_t lane);

/* Whether the text is too big for this picture: the lanes could not come
 * first, or only by giving up the legend. A window takes its text size down
 * while this holds (a picture file is drawn as asked). */
bool cv_layout_text_too_big(const cv_layout *layout);

/* Where lane i's name goes and, if shown, its tid/pid (id); false when this
 * lane is not labelled (lanes thinner than a line of text: every k-th is). */
bool cv_layout_lane_label(const cv_layout *layout, uint32_t lane, cv_layout_text *name,
                          cv_layout_text *id);

/* The items count of lane i: where its number goes (not shown when the
 * layout's items_style is CV_ITEMS_BAR), and the cell it lies in, where the
 * bar goes instead. */
cv_layout_text cv_layout_items_text(const cv_layout *layout, uint32_t lane);
cv_rect cv_layout_items_cell(const cv_layout *layout, uint32_t lane);

/* The items column's title: "items", or with bars how many a full bar is
 * ("items (bar = 10)", most_items being the busiest shown worker's count). */
void cv_layout_items_title(const cv_layout *layout, uint64_t most_items, char *out, size_t size);

/* Where the share-of-time bars begin in the statistics column. */
int cv_layout_share_x(const cv_layout *layout);

/* The same bar's place in the statistics column. */
cv_rect cv_layout_stat_bar(const cv_layout *layout, uint32_t lane);

/* The ruler under the lanes: the fill strip and the tick labels together.
 * (Strip, axis and slots are empty rectangles when the picture had no room.) */
cv_rect cv_layout_ruler(const cv_layout *layout);

/* The description's first line, copied into first, and the rest (NULL when it
 * is on one line), as the layout split them. */
const char *cv_layout_description_lines(const cv_layout *layout, const char *description,
                                        char *first, size_t first_size);

/* The text scale of a single picture (PNG, SVG) pixels_high tall: laid out
 * for 800 pixels at scale 1 and growing with the height, as the window's
 * (app/text_size.h), but never below 0.8, where body text is about 11 px:
 * a 640x400 picture had 7 px text nobody could read. Stacked panes and the
 * sweep plot keep the same floor (layout/panes.h, layout/sweep_plot.h). */
float cv_layout_picture_scale(int pixels_high);

/*
 * Greedy line breaking, one piece of code for every wrapped text (the
 * header's facts and explanation, the step banner, the tooltip): the end, a
 * byte offset into string, of the longest run of its pieces from `from` (up
 * to `to`, broken at `separator`) that is no wider than max_w in style; at
 * least one piece, however wide, so a line always moves on.
 */
size_t cv_layout_fit_pieces(const cv_text_measurer *text, cv_font_style style, const char *string,
                            size_t from, size_t to, const char *separator, int max_w);

/* Line `line` (0 to lines->count - 1) of text, as the layout wrapped it,
 * copied into out ("" for a line that does not exist). */
void cv_layout_line_text(const cv_layout_lines *lines, const char *text, int line, char *out,
                         size_t out_size);

/* The text the layout's fact lines are cut from: the caption's facts or brief facts. */
const char *cv_layout_facts_text(const cv_layout *layout, const cv_caption *caption);

/* Where a passing message box_w x box_h goes: centred under the slots row
 * when it fits there, else at the top of the lanes; never over the slots,
 * the ruler or the header. */
cv_rect cv_layout_toast(const cv_layout *layout, int box_w, int box_h);

#endif
