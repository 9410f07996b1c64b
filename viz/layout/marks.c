/*
 * marks.c — the deadlock tags and the slot boxes, placed once for both
 * pictures (see marks.h).
 */
#include "layout/marks.h"

#include <stdio.h>

bool cv_layout_lane_tag(const cv_layout *lay, const cv_text_measurer *text, int pad_px, int end_x,
                        uint32_t lane, const char *tag, cv_tag_place *out)
{
    if (lay->lane_h < 12)
        return false;
    cv_font_style font = lay->lane_h >= text->line_height(text->ctx, CV_FONT_LABEL) + 4
                             ? CV_FONT_LABEL
                             : CV_FONT_SMALL;
    int w = 0, h = 0;
    text->measure(text->ctx, font, tag, &w, &h);
    if (h + pad_px > lay->lane_h && font == CV_FONT_LABEL) {
        font = CV_FONT_SMALL;
        text->measure(text->ctx, font, tag, &w, &h);
    }
    if (h + pad_px > lay->lane_h)
        return false; /* a tag never spills over its neighbours */
    if (end_x > lay->plot.x + lay->plot.w)
        end_x = lay->plot.x + lay->plot.w;
    int x = end_x - w - 3 * pad_px;
    if (x < lay->plot.x)
        x = lay->plot.x;
    int y = lay->plot.y + (int)lane * lay->lane_h + (lay->lane_h - h - pad_px) / 2;
    *out = (cv_tag_place){
        .box = {x, y, w + 2 * pad_px, h + pad_px},
        .font = font,
        .text_x = x + pad_px,
        .text_y = y + pad_px / 2,
    };
    return true;
}

/* The id on a full slot, in the body font or the small one, if either fits. */
static void label_box(const cv_text_measurer *text, cv_slot_box *b, uint32_t item, int tight_px,
                      int hairline_px)
{
    snprintf(b->label, sizeof b->label, "#%u", item);
    int w = 0, h = 0;
    b->font = CV_FONT_BODY;
    text->measure(text->ctx, b->font, b->label, &w, &h);
    if (w > b->box.w - tight_px) {
        b->font = CV_FONT_SMALL;
        text->measure(text->ctx, b->font, b->label, &w, &h);
    }
    if (w > b->box.w - hairline_px)
        return;
    int line_h = text->line_height(text->ctx, b->font);
    b->labelled = true;
    b->text_x = b->box.x + b->box.w / 2;
    b->text_y = b->box.y + (b->box.h - line_h) / 2;
}

void cv_layout_slots(const cv_layout *lay, const cv_text_measurer *text, cv_rect row,
                     uint32_t slots, uint32_t fill, const uint32_t *items, uint32_t item_count,
                     int tight_px, int hairline_px, cv_slots_place *out)
{
    *out = (cv_slots_place){0};
    if (slots == 0)
        return;
    if (fill > slots)
        fill = slots;
    int box_w = slots <= CV_SLOT_BOXES_MAX ? row.w / (int)slots : 0;
    if (box_w > cv_layout_px(lay, 72))
        box_w = cv_layout_px(lay, 72);
    if (box_w < cv_layout_px(lay, 10)) {
        out->gauge = true;
        out->gauge_at = row;
        out->gauge_fill_w = (int)((uint64_t)fill * (uint64_t)row.w / slots);
        return;
    }
    int gap = box_w >= cv_layout_px(lay, 24) ? tight_px : 1;
    out->outline_px = cv_layout_px(lay, 1) > 0 ? cv_layout_px(lay, 1) : 1;
    out->box_count = slots;
    for (uint32_t i = 0; i < slots; i++) {
        cv_slot_box *b = &out->boxes[i];
        b->box = (cv_rect){row.x + (int)i * box_w, row.y, box_w - gap, row.h};
        b->full = i < fill;
        if (b->full && i < item_count)
            label_box(text, b, items[i], tight_px, hairline_px);
    }
}

bool cv_layout_ticks_shown(uint32_t busiest_marked, uint32_t columns, int lane_bar_h,
                           int ten_points_px)
{
    return busiest_marked > 0 && lane_bar_h >= ten_points_px &&
           (uint64_t)busiest_marked * 8 <= columns;
}
