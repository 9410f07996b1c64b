/*
 * arrows.h — where the item hand-over arrows go.
 *
 * An arrow runs from an item's put tick in its producer's lane to its get
 * tick in its consumer's lane, across the lanes between, and says the item's
 * id and how long it waited in the buffer ("#42 · 3.1 ms in the buffer").
 * This places them once, from the layout, the time axis and the hand-overs
 * found (timeline/handover.h); the window, the PNG and the SVG draw what is
 * placed. Labels go where they overlap no other label; when the hand-overs
 * in view were thinned, a note in the plot says so.
 */
#ifndef CONVEYOR_VIZ_LAYOUT_ARROWS_H
#define CONVEYOR_VIZ_LAYOUT_ARROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout/layout.h"
#include "layout/time_axis.h"
#include "timeline/handover.h"

/* Arrows in one picture, at most. */
#define CV_ARROWS_MAX 256

/* At most one arrow per this many points of the plot's width (at scale 1). */
#define CV_ARROW_BUCKET_POINTS 32

/* With more arrows than this, only a hovered item's arrow is labelled. */
#define CV_ARROWS_LABELLED_MAX 12

typedef struct cv_arrow_place {
    uint32_t item;
    int64_t waited_ns; /* from the put to the get: its time in the buffer */
    int x0, y0;        /* the put tick */
    int x1, y1;        /* the get tick, where the head is */
    bool labelled;
    cv_rect label_box; /* the label's background */
    cv_layout_text label;
    char text[64];
} cv_arrow_place;

typedef struct cv_arrows_place {
    cv_arrow_place arrows[CV_ARROWS_MAX];
    size_t count;
    int head_px;         /* the arrowhead's length and half its width times two */
    int width_px;        /* the line's width */
    cv_layout_text note; /* shown when thinned, on a box */
    cv_rect note_box;
    char note_text[96];
} cv_arrows_place;

/* The bucket to thin hand-overs by (cv_handover_in_view) for this layout and axis. */
int64_t cv_layout_arrow_bucket_ns(const cv_layout *layout, const cv_time_axis *axis);

/* Place arrows for the hand-overs (those with both ends in shown lanes,
 * got by the time now_ns); thinned: the hand-overs were thinned (the note
 * says so). Each arrow is labelled where its label covers no other, when
 * there are at most CV_ARROWS_LABELLED_MAX of them. */
void cv_layout_arrows(const cv_layout *layout, const cv_text_measurer *text,
                      const cv_time_axis *axis, const cv_handover *handovers, size_t count,
                      int64_t now_ns, bool thinned, cv_arrows_place *out);

#endif
