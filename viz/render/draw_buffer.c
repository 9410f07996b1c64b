/*
 * draw_buffer.c — the bounded buffer and the time: the fill strip under the
 * lanes (on their time axis), the tick labels, the buffer's slots at the
 * current moment and the live edge's line.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "render/axis.h"
#include "render/draw.h"
#include "layout/marks.h"
#include "timeline/buffer_slots.h"

void cv_draw_fill_strip(cv_renderer *r, const cv_render_frame *f, int64_t grid_step_ns)
{
    const cv_theme *th = r->theme;
    const cv_layout *lay = &r->lay;
    const cv_rect *s = &lay->strip;
    if (s->h <= 0)
        return;
    int pad = cv_draw_px(r, th->spacing.medium);
    int nudge = cv_draw_px(r, th->spacing.hairline);
    cv_draw_fill(r, lay->labels.x, s->y, lay->stats.x + lay->stats.w - lay->labels.x, s->h,
                 th->lane_even);
    /* Under the fill, as in the lanes: a grid line over it would read as a dip. */
    cv_draw_grid(r, grid_step_ns, s->y, s->y + s->h);
    int label_h = cv_text_line_height(r->text, CV_FONT_LABEL);
    cv_text_draw(r->text, CV_FONT_LABEL, "buffer", th->foreground, lay->labels.x + pad,
                 s->y + nudge, CV_ALIGN_LEFT, lay->labels.w - pad);
    char range[48];
    snprintf(range, sizeof range, "fill 0\xE2\x80\x93%u", f->trace->buffer_slots);
    if (s->h >= label_h * 2)
        cv_text_draw(r->text, CV_FONT_SMALL, range, th->text_muted, lay->labels.x + pad,
                     s->y + nudge + label_h, CV_ALIGN_LEFT, lay->labels.w - pad);
    /* The capacity line: a full buffer reaches it. */
    cv_draw_fill(r, s->x, s->y, s->w, 1, th->border);
    cv_draw_fill(r, s->x, s->y + s->h - 1, s->w, 1, th->border);
    uint32_t columns = cv_draw_visible_columns(r, f);
    if (columns == 0 || !f->timeline || f->trace->buffer_slots == 0)
        return;
    int64_t t1 = r->time.t0_ns + (int64_t)ceil(r->time.ns_per_px * columns);
    cv_timeline_fill_query(f->timeline, r->time.t0_ns, t1, columns, r->fill);
    int usable = s->h - 2;
    uint32_t start = 0;
    for (uint32_t c = 0; c <= columns; c++) {
        if (c < columns && r->fill[c] == r->fill[start])
            continue;
        uint32_t fill = r->fill[start];
        if (fill > f->trace->buffer_slots)
            fill = f->trace->buffer_slots;
        int h = (int)((uint64_t)fill * (uint64_t)usable / f->trace->buffer_slots);
        if (fill > 0 && h < 1)
            h = 1;
        if (h > 0)
            cv_draw_batch_push(&r->batches[BATCH_FILL], s->x + (int)start, s->y + 1 + usable - h,
                               (int)(c - start), h);
        start = c;
    }
    cv_draw_batch_flush(r, BATCH_FILL, th->fill_strip);
}

void cv_draw_slots(cv_renderer *r, const cv_render_frame *f)
{
    const cv_theme *th = r->theme;
    const cv_layout *lay = &r->lay;
    const cv_rect *s = &lay->slots;
    if (s->h <= 0)
        return;
    int pad = cv_draw_px(r, th->spacing.medium);
    uint32_t slots = f->trace->buffer_slots;
    int64_t at = f->now_ns < f->trace->end_ns ? f->now_ns : f->trace->end_ns;
    if (f->moment_set && f->moment_ns < at)
        at = f->moment_ns > 0 ? f->moment_ns : 0;
    uint32_t items[CV_SLOT_BOXES_MAX];
    uint32_t item_count = 0;
    uint32_t fill = cv_buffer_slots_at(f->trace, at, items, CV_SLOT_BOXES_MAX, &item_count);
    if (fill > slots)
        fill = slots;

    int label_h = cv_text_line_height(r->text, CV_FONT_LABEL);
    int small_h = cv_text_line_height(r->text, CV_FONT_SMALL);
    char when[48], moment[32];
    cv_format_duration(at, moment, sizeof moment);
    snprintf(when, sizeof when, "at %s", moment);
    cv_text_draw(r->text, CV_FONT_LABEL, "slots", th->foreground, lay->labels.x + pad, s->y,
                 CV_ALIGN_LEFT, lay->labels.w - pad);
    if (s->h >= label_h + small_h)
        cv_text_draw(r->text, CV_FONT_SMALL, when, th->text_muted, lay->labels.x + pad,
                     s->y + label_h, CV_ALIGN_LEFT, lay->labels.w - pad);
    char count[48];
    snprintf(count, sizeof count, "%u / %u full", fill, slots);
    int count_h = cv_text_line_height(r->text, CV_FONT_BODY);
    cv_text_draw(r->text, CV_FONT_BODY, count, th->foreground, lay->stats.x + pad,
                 s->y + (s->h - count_h) / 2, CV_ALIGN_LEFT, lay->stats.w);
    if (slots == 0)
        return;

    cv_text_measurer measurer = cv_text_measurer_of(r->text);
    cv_slots_place place;
    cv_layout_slots(lay, &measurer, *s, slots, fill, items, item_count,
                    cv_draw_px(r, th->spacing.tight), cv_draw_px(r, th->spacing.hairline), &place);
    if (place.gauge) {
        const cv_rect *g = &place.gauge_at;
        cv_draw_fill(r, g->x, g->y, g->w, g->h, th->slot_empty);
        cv_draw_fill(r, g->x, g->y, place.gauge_fill_w, g->h, th->slot_filled);
        cv_draw_outline(r, g->x, g->y, g->w, g->h, 1, th->border);
        return;
    }
    for (uint32_t i = 0; i < place.box_count; i++) {
        const cv_slot_box *b = &place.boxes[i];
        cv_draw_fill(r, b->box.x, b->box.y, b->box.w, b->box.h,
                     b->full ? th->slot_filled : th->slot_empty);
        cv_draw_outline(r, b->box.x, b->box.y, b->box.w, b->box.h, place.outline_px, th->border);
        if (b->labelled)
            cv_text_draw(r->text, b->font, b->label, th->slot_text, b->text_x, b->text_y,
                         CV_ALIGN_CENTER, 0);
    }
}

void cv_draw_axis(cv_renderer *r, int64_t step_ns)
{
    const cv_theme *th = r->theme;
    const cv_rect *a = &r->lay.axis;
    if (a->h <= 0)
        return;
    int64_t t0 = r->time.t0_ns, t1 = r->view_t1_ns;
    cv_draw_fill(r, a->x, a->y, a->w, 1, th->axis);
    int64_t first = t0 - (t0 % step_ns);
    if (first < t0)
        first += step_ns;
    int64_t max_abs = llabs(t1) > llabs(t0) ? llabs(t1) : llabs(t0);
    int tick = cv_draw_px(r, 5);
    for (int64_t t = first, n = 0; t <= t1 && n < CV_AXIS_MAX_TICKS; t += step_ns, n++) {
        int x = cv_draw_x_of_time(r, t);
        cv_draw_fill(r, x, a->y, 1, tick, th->axis);
        char label[32];
        cv_axis_label(t, step_ns, max_abs, label, sizeof label);
        cv_text_draw(r->text, CV_FONT_SMALL, label, th->text_muted, x, a->y + tick, CV_ALIGN_CENTER,
                     0);
    }
}

void cv_draw_now_line(cv_renderer *r, const cv_render_frame *f)
{
    const cv_layout *lay = &r->lay;
    if (f->now_ns <= r->time.t0_ns || f->now_ns >= r->view_t1_ns)
        return;
    if (f->trace->finished && f->now_ns >= f->trace->end_ns)
        return;
    int x = cv_draw_x_of_time(r, f->now_ns);
    int w = cv_draw_px(r, r->theme->spacing.hairline);
    cv_draw_fill(r, x, lay->plot.y, w > 0 ? w : 1, cv_layout_band_bottom(lay) - lay->plot.y,
                 r->theme->highlight);
}
