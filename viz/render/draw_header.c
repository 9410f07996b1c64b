/*
 * draw_header.c — the header (title, description, outcome banner, facts,
 * warnings, explanation) and the legend, painted where the layout put them.
 */
#include "render/draw.h"

static cv_rgb banner_colour(const cv_renderer *r)
{
    switch (r->caption.banner_tone) {
    case CV_BANNER_BAD:
        return r->theme->bad;
    case CV_BANNER_STATUS:
        return r->theme->neutral;
    default:
        return cv_theme_outcome_colour(r->theme, r->caption.outcome);
    }
}

void cv_draw_header(cv_renderer *r)
{
    const cv_theme *th = r->theme;
    const cv_caption *cap = &r->caption;
    const cv_layout *lay = &r->lay;
    if (lay->banner.w > 0) {
        cv_draw_fill(r, lay->banner.x, lay->banner.y, lay->banner.w, lay->banner.h,
                     banner_colour(r));
        cv_draw_text(r, &lay->banner_text, cap->banner, th->banner_text);
    }
    cv_draw_text(r, &lay->title, cap->title, th->foreground);
    char first[CV_DESCRIPTION_MAX];
    const char *rest = cv_layout_description_lines(lay, cap->description, first, sizeof first);
    cv_draw_text(r, &lay->description, first, th->text_muted);
    if (rest)
        cv_draw_text(r, &lay->description_more, rest, th->text_muted);
    const char *facts = cv_layout_facts_text(lay, cap);
    for (int line = 0; line < lay->facts.count; line++) {
        char text[sizeof cap->facts];
        cv_layout_line_text(&lay->facts, facts, line, text, sizeof text);
        cv_draw_text(r, &lay->facts.at[line], text, th->foreground);
    }
    cv_draw_text(r, &lay->warning, cap->warning, th->warning);
    for (int line = 0; line < lay->explanation.count; line++) {
        char text[sizeof cap->explanation];
        cv_layout_line_text(&lay->explanation, cap->explanation, line, text, sizeof text);
        cv_draw_text(r, &lay->explanation.at[line], text, th->foreground);
    }
}

void cv_draw_legend(cv_renderer *r)
{
    const cv_theme *th = r->theme;
    const cv_layout *lay = &r->lay;
    for (int i = 0; i < lay->legend_count; i++) {
        const cv_legend_entry *e = &lay->legend_entries[i];
        const cv_rect *s = &e->swatch;
        if (e->kind == CV_LEGEND_TICKS) {
            int tick_w =
                cv_draw_px(r, th->spacing.hairline) > 1 ? cv_draw_px(r, th->spacing.hairline) : 1;
            int tick_h = s->w * 45 / 100;
            cv_draw_fill(r, s->x + s->w / 3, s->y, tick_w, tick_h, th->put_mark);
            cv_draw_fill(r, s->x + 2 * s->w / 3, s->y + s->w - tick_h, tick_w, tick_h,
                         th->get_mark);
        } else {
            cv_rgb colour = e->kind == CV_LEGEND_FILL ? th->fill_strip : th->state[e->state];
            cv_draw_fill(r, s->x, s->y, s->w, s->h, colour);
            cv_draw_outline(r, s->x, s->y, s->w, s->h, 1, th->border);
        }
        cv_draw_text(r, &e->text, e->label, th->foreground);
    }
}
