/*
 * marks.h — where the small marks inside the plot and the slots row go: a
 * lane's deadlock tag, and the buffer's slot boxes with their item labels.
 * Computed once here and drawn alike by the renderer (viz/render) and the
 * SVG writer (viz/export), so the two pictures cannot drift apart.
 */
#ifndef CONVEYOR_VIZ_LAYOUT_MARKS_H
#define CONVEYOR_VIZ_LAYOUT_MARKS_H

#include <stdbool.h>
#include <stdint.h>

#include "layout/layout.h"
#include "layout/metrics.h"

/* A deadlock tag ("holds the lock, waits for an item") on one lane. */
typedef struct cv_tag_place {
    cv_rect box;        /* the tag's background, outlined */
    cv_font_style font; /* label-sized where the lane is tall enough, else small */
    int text_x, text_y; /* the text's top left */
} cv_tag_place;

/*
 * Place `tag` on lane `lane`: its right edge two pads left of end_x (the
 * run's end column, clamped into the plot), never left of the plot,
 * centred in the lane's height. pad_px is the spacing scale's `small`, in
 * pixels. False (out untouched) when the lanes are too low for the tag in
 * either font (never under 12 px): a tag never spills over its neighbours.
 */
bool cv_layout_lane_tag(const cv_layout *lay, const cv_text_measurer *text, int pad_px, int end_x,
                        uint32_t lane, const char *tag, cv_tag_place *out);

/*
 * Whether put/get ticks are drawn on the lanes: only where they stand apart,
 * at most one marked column in eight on the busiest lane (busiest_marked of
 * `columns`), in lanes at least 10 points tall. One answer for every lane:
 * decided lane by lane, a worker with a few hand-overs showed a comb of ticks
 * beside busier ones showing none, which read as "only this one took items".
 */
bool cv_layout_ticks_shown(uint32_t busiest_marked, uint32_t columns, int lane_bar_h,
                           int ten_points_px);

/* Slot boxes are drawn for up to this many slots; more are one gauge. */
#define CV_SLOT_BOXES_MAX 64

/* The slots row at one moment: one box per slot, or one gauge. */
typedef struct cv_slot_box {
    cv_rect box;
    bool full;
    bool labelled;      /* the item id fits in the box: drawn at text_x, text_y */
    cv_font_style font; /* body, or small when body does not fit */
    int text_x, text_y; /* the label's top centre */
    char label[16];     /* "#17" */
} cv_slot_box;

typedef struct cv_slots_place {
    bool gauge;       /* too many slots, or too narrow, for boxes */
    cv_rect gauge_at; /* the gauge's outline; filled fill/slots of its width */
    int gauge_fill_w;
    uint32_t box_count;
    cv_slot_box boxes[CV_SLOT_BOXES_MAX];
    int outline_px; /* the boxes' outline width */
} cv_slots_place;

/*
 * Place `slots` slot boxes, the first `fill` full, across the slots row
 * `row`, at most 72 points wide each; under 10 points they become one
 * gauge. The first `item_count` full boxes are labelled with items[i]
 * ("#id") in the body font, or the small one, when it fits. tight_px and
 * hairline_px are the spacing scale's steps in pixels (the gap between wide
 * boxes, and the least room around a label).
 */
void cv_layout_slots(const cv_layout *lay, const cv_text_measurer *text, cv_rect row,
                     uint32_t slots, uint32_t fill, const uint32_t *items, uint32_t item_count,
                     int tight_px, int hairline_px, cv_slots_place *out);

#endif
