/*
 * arrows.c — the item hand-over arrows placed once for every picture (see
 * arrows.h). The line runs from the top half of the producer's bar, where
 * put ticks are drawn, to the bottom half of the consumer's, where get ticks
 * are; its label sits at its middle, kept inside the plot, and is left out
 * where it would cover another label.
 */
#include "layout/arrows.h"

#include <stdio.h>

#include "render/axis.h"

int64_t cv_layout_arrow_bucket_ns(const cv_layout *lay, const cv_time_axis *axis)
{
    double ns = axis->ns_per_px * cv_layout_px(lay, CV_ARROW_BUCKET_POINTS);
    return ns < 1.0 ? 1 : (int64_t)ns;
}

static bool overlaps(cv_rect a, cv_rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static bool label_fits(const cv_arrows_place *out, cv_rect box)
{
    for (size_t i = 0; i < out->count; i++)
        if (out->arrows[i].labelled && overlaps(out->arrows[i].label_box, box))
            return false;
    return true;
}

static void place_label(const cv_layout *lay, const cv_text_measurer *text, cv_arrows_place *out,
                        cv_arrow_place *a)
{
    char waited[32];
    cv_format_duration(a->waited_ns, waited, sizeof waited);
    if (a->waited_ns < 0) /* its get was stamped first: a put is stamped after its post */
        snprintf(a->text, sizeof a->text, "#%u \xC2\xB7 taken at once", a->item);
    else
        snprintf(a->text, sizeof a->text, "#%u \xC2\xB7 %s in the buffer", a->item, waited);
    int w = 0, th = 0;
    text->measure(text->ctx, CV_FONT_SMALL, a->text, &w, &th);
    int pad = cv_layout_px(lay, 3);
    cv_rect box = {(a->x0 + a->x1) / 2 - w / 2 - pad, (a->y0 + a->y1) / 2 - th / 2 - pad,
                   w + 2 * pad, th + 2 * pad};
    const cv_rect *p = &lay->plot;
    if (box.x + box.w > p->x + p->w)
        box.x = p->x + p->w - box.w;
    if (box.x < p->x)
        box.x = p->x;
    if (box.y + box.h > p->y + p->h)
        box.y = p->y + p->h - box.h;
    if (box.y < p->y)
        box.y = p->y;
    if (box.w > p->w || box.h > p->h || !label_fits(out, box))
        return;
    a->labelled = true;
    a->label_box = box;
    a->label = (cv_layout_text){true, CV_FONT_SMALL, CV_ALIGN_LEFT, box.x + pad, box.y + pad, 0};
}

void cv_layout_arrows(const cv_layout *lay, const cv_text_measurer *text, const cv_time_axis *axis,
                      const cv_handover *handovers, size_t count, int64_t now_ns, bool thinned,
                      cv_arrows_place *out)
{
    out->count = 0;
    out->head_px = cv_layout_px(lay, 9);
    out->width_px = cv_layout_px(lay, 2) > 1 ? cv_layout_px(lay, 2) : 1;
    out->note = (cv_layout_text){0};
    out->note_text[0] = '\0';
    for (size_t i = 0; i < count && out->count < CV_ARROWS_MAX; i++) {
        const cv_handover *h = &handovers[i];
        if (h->put_lane >= lay->lanes_shown || h->get_lane >= lay->lanes_shown ||
            h->get_ns > now_ns)
            continue;
        cv_rect put_bar = cv_layout_lane_bar(lay, h->put_lane);
        cv_rect get_bar = cv_layout_lane_bar(lay, h->get_lane);
        cv_arrow_place *a = &out->arrows[out->count];
        *a = (cv_arrow_place){.item = h->item, .waited_ns = h->get_ns - h->put_ns};
        a->x0 = cv_time_axis_x(axis, lay->plot.x, h->put_ns);
        a->x1 = cv_time_axis_x(axis, lay->plot.x, h->get_ns);
        a->y0 = put_bar.y + put_bar.h / 4;
        a->y1 = get_bar.y + get_bar.h * 3 / 4;
        int right = lay->plot.x + lay->plot.w;
        if ((a->x0 < lay->plot.x && a->x1 < lay->plot.x) || (a->x0 > right && a->x1 > right))
            continue;
        out->count++;
    }
    for (size_t i = 0; i < out->count && out->count <= CV_ARROWS_LABELLED_MAX; i++)
        place_label(lay, text, out, &out->arrows[i]);
    if (thinned) {
        snprintf(out->note_text, sizeof out->note_text,
                 "arrows thinned: one item per %d px (zoom in for every item)",
                 cv_layout_px(lay, CV_ARROW_BUCKET_POINTS));
        int w = 0, h = 0;
        text->measure(text->ctx, CV_FONT_SMALL, out->note_text, &w, &h);
        int pad = cv_layout_px(lay, 3);
        int max_w = lay->plot.w - 2 * pad;
        w = w < max_w ? w : max_w;
        out->note_box = (cv_rect){lay->plot.x + lay->plot.w - w - 2 * pad, lay->plot.y, w + 2 * pad,
                                  h + 2 * pad};
        out->note = (cv_layout_text){
            true, CV_FONT_SMALL, CV_ALIGN_LEFT, out->note_box.x + pad, out->note_box.y + pad,
            max_w};
    }
}
