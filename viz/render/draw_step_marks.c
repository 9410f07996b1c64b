/*
 * draw_step_marks.c — step mode's marks and banner (see draw_step_marks.h).
 * Tags sit at the right end of each lane's bar, over the latest moment,
 * where the worker is now; the banner sits just above the plot; the steps
 * taken are listed where the share column is, which says little while
 * everyone is held.
 */
#include "render/draw_step_marks.h"

#include <stdio.h>
#include <string.h>

#include "render/draw.h"

#define BANNER_SEPARATOR " \xC2\xB7 "
#define BANNER_LINES_MAX 4

/* The banner broken at its " · " separators into lines no wider than max_w
 * (a piece wider than that stands alone, cut when drawn); returns how many. */
static int banner_lines(cv_renderer *r, cv_font_style style, const char *banner, int max_w,
                        char lines[BANNER_LINES_MAX][256])
{
    cv_text_measurer measurer = cv_text_measurer_of(r->text);
    size_t gap = strlen(BANNER_SEPARATOR), length = strlen(banner), from = 0;
    int count = 0;
    while (from < length && count < BANNER_LINES_MAX) {
        size_t end = count < BANNER_LINES_MAX - 1
                         ? cv_layout_fit_pieces(&measurer, style, banner, from, length,
                                                BANNER_SEPARATOR, max_w)
                         : length;
        snprintf(lines[count++], 256, "%.*s", (int)(end - from), banner + from);
        from = end < length ? end + gap : length;
    }
    return count;
}

/* The banner sits on the plot's top edge, in the row of the column titles,
 * so it covers no lane's tag however thin the lanes are. When it is wider
 * than the plot it takes the items and share columns' titles too, and when
 * it is wider than that it is set smaller and wraps at its separators, its
 * lines growing upwards over the legend: its instructions ("click a lane or
 * press its number · G: run freely") come last and were the part cut off. */
static void draw_banner(cv_renderer *r, const char *banner, int pad)
{
    const cv_theme *th = r->theme;
    const cv_layout *lay = &r->lay;
    int w, h;
    cv_font_style style = CV_FONT_BODY;
    cv_text_measure(r->text, style, banner, &w, &h);
    int box_w = lay->plot.w;
    if (w + 2 * pad > box_w && lay->stats.w > 0)
        box_w = lay->stats.x + lay->stats.w - lay->plot.x;
    if (w + 2 * pad > box_w)
        style = CV_FONT_SMALL;
    char lines[BANNER_LINES_MAX][256];
    int count = banner_lines(r, style, banner, box_w - 2 * pad, lines);
    int line_h = cv_text_line_height(r->text, style);
    int box_h = count * line_h + pad / 2;
    int top = lay->plot.y - box_h;
    cv_draw_fill(r, lay->plot.x, top, box_w, box_h, th->tooltip);
    for (int i = 0; i < count; i++)
        cv_text_draw(r->text, style, lines[i], th->foreground, lay->plot.x + pad,
                     top + pad / 4 + i * line_h, CV_ALIGN_LEFT, box_w - 2 * pad);
}

void cv_renderer_draw_step_marks(cv_renderer *r, const cv_step_mark *marks, uint32_t lane_count,
                                 const char *banner)
{
    const cv_theme *th = r->theme;
    const cv_layout *lay = &r->lay;
    int pad = cv_draw_px(r, (float)th->spacing.small);
    for (uint32_t i = 0; i < lane_count && i < lay->lanes_shown; i++) {
        const cv_step_mark *mark = &marks[i];
        if (mark->kind == CV_STEP_MARK_ENDED)
            continue;
        cv_rect bar = cv_layout_lane_bar(lay, i);
        int w, h;
        cv_text_measure(r->text, CV_FONT_LABEL, mark->text, &w, &h);
        int box_w = w + 2 * pad;
        if (box_w > lay->plot.w)
            box_w = lay->plot.w;
        int x = lay->plot.x + lay->plot.w - box_w;
        int y = bar.y + (bar.h - h) / 2;
        bool can = mark->kind == CV_STEP_MARK_CAN;
        cv_draw_fill(r, x, bar.y, box_w, bar.h, can ? th->ok : th->panel);
        cv_draw_outline(r, x, bar.y, box_w, bar.h, cv_draw_px(r, 2), can ? th->ok : th->border);
        cv_text_draw(r->text, CV_FONT_LABEL, mark->text, can ? th->banner_text : th->foreground,
                     x + pad, y, CV_ALIGN_LEFT, box_w - 2 * pad);
    }
    draw_banner(r, banner, pad);
}

void cv_renderer_draw_steps_taken(cv_renderer *r, const cv_step_record *taken, size_t count,
                                  const cv_trace *trace)
{
    const cv_theme *th = r->theme;
    const cv_layout *lay = &r->lay;
    int pad = cv_draw_px(r, (float)th->spacing.small);
    int x = cv_layout_share_x(lay);
    int w = lay->stats.x + lay->stats.w - x;
    int top = lay->stats.y;
    int h = cv_layout_band_bottom(lay) - top;
    int title_h = cv_text_line_height(r->text, CV_FONT_LABEL);
    int line_h = cv_text_line_height(r->text, CV_FONT_SMALL);
    /* A share column too narrow for the list (large text in a small
     * window) gives way with the items column: the interleaving matters
     * more than the counts while everyone is held. */
    if (w < 4 * line_h) {
        x = lay->stats.x;
        w = lay->stats.x + lay->stats.w - x;
    }
    if (w < 4 * line_h || h < title_h + line_h + 2 * pad)
        return;
    cv_draw_fill(r, x, top, w, h, th->panel);
    cv_draw_outline(r, x, top, w, h, 1, th->border);
    char title[64];
    /* The count first: a narrow column cuts the end of the title. */
    if (count == 0)
        snprintf(title, sizeof title, "no step taken yet");
    else
        snprintf(title, sizeof title, "%zu step%s taken", count, count == 1 ? "" : "s");
    cv_text_draw(r->text, CV_FONT_LABEL, title, th->foreground, x + pad, top + pad, CV_ALIGN_LEFT,
                 w - 2 * pad);
    size_t room = (size_t)((h - title_h - 2 * pad) / line_h);
    size_t first = count > room ? count - room : 0;
    int y = top + pad + title_h;
    for (size_t i = first; i < count; i++, y += line_h) {
        char line[96];
        cv_step_marks_taken_line(taken, i, trace, line, sizeof line);
        cv_text_draw(r->text, CV_FONT_SMALL, line, i + 1 == count ? th->foreground : th->text_muted,
                     x + pad, y, CV_ALIGN_LEFT, w - 2 * pad);
    }
}

int cv_renderer_lane_at(const cv_renderer *r, int x, int y)
{
    const cv_layout *lay = &r->lay;
    for (uint32_t i = 0; i < lay->lanes_shown; i++) {
        cv_rect row = cv_layout_lane_row(lay, i);
        if (x >= row.x && x < row.x + row.w && y >= row.y && y < row.y + row.h)
            return (int)i;
    }
    return -1;
}
