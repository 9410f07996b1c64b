/*
 * draw_arrows.c — the item hand-over arrows (layout/arrows.h) painted: a
 * thick line from the put tick to the get tick with a halo in the
 * background colour, so it reads over any bar, an arrowhead at the get,
 * and the label on the tooltip colour. The item pinned by a click and the
 * hovered tick's item are drawn last, in the highlight colour, always
 * labelled.
 */
#include <math.h>
#include <stdlib.h>

#include "render/draw.h"
#include "render/shapes.h"

static bool ensure_arrow_memory(cv_renderer *r)
{
    if (!r->handovers)
        r->handovers = malloc(CV_ARROWS_MAX * sizeof *r->handovers);
    if (!r->arrows)
        r->arrows = malloc(sizeof *r->arrows);
    return r->handovers && r->arrows;
}

static void draw_line(cv_renderer *r, const cv_arrows_place *place, const cv_arrow_place *a,
                      cv_rgb colour)
{
    const cv_theme *th = r->theme;
    float x0 = (float)a->x0, y0 = (float)a->y0, x1 = (float)a->x1, y1 = (float)a->y1;
    float dx = x1 - x0, dy = y1 - y0;
    float length = sqrtf(dx * dx + dy * dy);
    float head = (float)place->head_px;
    float width = (float)place->width_px;
    if (length >= 1.0f) {
        float ux = dx / length, uy = dy / length;
        float bx = length > head ? x1 - ux * head : x0, by = length > head ? y1 - uy * head : y0;
        cv_shape_thick_segment(r->sdl, th->background, x0, y0, bx, by, width + 2.0f);
        cv_shape_thick_segment(r->sdl, colour, x0, y0, bx, by, width);
        float xs[3] = {x1, bx - uy * head / 2, bx + uy * head / 2};
        float ys[3] = {y1, by + ux * head / 2, by - ux * head / 2};
        cv_shape_fill_polygon(r->sdl, colour, xs, ys, 3);
    }
}

/* Every arrow, then every label over them, then the note if thinned. */
static void draw_place(cv_renderer *r, const cv_arrows_place *place, cv_rgb colour)
{
    const cv_theme *th = r->theme;
    for (size_t i = 0; i < place->count; i++)
        draw_line(r, place, &place->arrows[i], colour);
    for (size_t i = 0; i < place->count; i++) {
        const cv_arrow_place *a = &place->arrows[i];
        if (!a->labelled)
            continue;
        const cv_rect *b = &a->label_box;
        cv_draw_fill(r, b->x, b->y, b->w, b->h, th->tooltip);
        cv_draw_outline(r, b->x, b->y, b->w, b->h, 1, colour);
        cv_draw_text(r, &a->label, a->text, th->foreground);
    }
    if (place->note.shown) {
        const cv_rect *b = &place->note_box;
        cv_draw_fill(r, b->x, b->y, b->w, b->h, th->tooltip);
        cv_draw_text(r, &place->note, place->note_text, th->foreground);
    }
}

/* The hand-over of the put or get tick at x, y in the last frame, if any. */
static bool handover_at(const cv_renderer *r, const cv_handover_index *handovers, int x, int y,
                        cv_handover *out)
{
    const cv_layout *lay = &r->lay;
    if (!handovers || x < lay->plot.x || x >= lay->plot.x + lay->plot.w || y < lay->plot.y ||
        y >= lay->plot.y + lay->plot.h || lay->lane_h <= 0)
        return false;
    uint32_t lane = (uint32_t)((y - lay->plot.y) / lay->lane_h);
    int64_t t = cv_time_axis_t(&r->time, lay->plot.x, x);
    int64_t tolerance = (int64_t)(r->time.ns_per_px * cv_draw_px(r, 4)) + 1;
    return lane < lay->lanes_shown && cv_handover_at(handovers, lane, t, tolerance, out) &&
           out->put_lane != CV_HANDOVER_NONE && out->get_lane != CV_HANDOVER_NONE;
}

bool cv_renderer_item_at(const cv_renderer *r, const cv_handover_index *handovers, int x, int y,
                         uint32_t *item)
{
    cv_handover found;
    if (!handover_at(r, handovers, x, y, &found))
        return false;
    *item = found.item;
    return true;
}

/* One item's arrow, labelled, in the highlight colour. */
static void draw_one(cv_renderer *r, const cv_render_frame *f, const cv_handover *handover)
{
    cv_text_measurer measurer = cv_text_measurer_of(r->text);
    cv_layout_arrows(&r->lay, &measurer, &r->time, handover, 1, f->now_ns, false, r->arrows);
    draw_place(r, r->arrows, r->theme->warning);
}

void cv_draw_arrows(cv_renderer *r, const cv_render_frame *f)
{
    if (!f->handovers || !ensure_arrow_memory(r))
        return;
    const cv_layout *lay = &r->lay;
    cv_text_measurer measurer = cv_text_measurer_of(r->text);
    const cv_theme *th = r->theme;
    if (f->arrows) {
        bool thinned = false;
        int64_t t1 = f->now_ns < r->view_t1_ns ? f->now_ns : r->view_t1_ns;
        size_t n = cv_handover_in_view(f->handovers, r->time.t0_ns, t1,
                                       cv_layout_arrow_bucket_ns(lay, &r->time), lay->lanes_shown,
                                       r->handovers, CV_ARROWS_MAX, &thinned);
        cv_layout_arrows(lay, &measurer, &r->time, r->handovers, n, f->now_ns, thinned, r->arrows);
        draw_place(r, r->arrows, th->foreground);
    }
    cv_handover pinned, hovered;
    bool have_pinned = f->item_pinned && cv_handover_find(f->handovers, f->pinned_item, &pinned) &&
                       pinned.put_lane != CV_HANDOVER_NONE && pinned.get_lane != CV_HANDOVER_NONE;
    if (have_pinned)
        draw_one(r, f, &pinned);
    if (f->hover && handover_at(r, f->handovers, f->mouse_x, f->mouse_y, &hovered) &&
        !(have_pinned && hovered.item == pinned.item))
        draw_one(r, f, &hovered);
}
