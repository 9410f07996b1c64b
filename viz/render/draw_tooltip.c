/*
 * draw_tooltip.c — what hovering says: the cursor line and a box naming the
 * state, duration and item of the bar under the mouse, or the buffer's fill.
 * The box stays inside the renderer's rectangle.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "render/axis.h"
#include "render/draw.h"

#define TOOLTIP_ROWS_MAX 16
#define TOOLTIP_ROW_BYTES 256

/* One row of the box as drawn: a line of the tooltip, or the part of one
 * that wrapped onto it. */
typedef struct tooltip_row {
    char text[TOOLTIP_ROW_BYTES];
    cv_font_style style;
    bool beside_swatch; /* the state's line: drawn right of the swatch */
} tooltip_row;

/* Adds line to rows, wrapped at spaces onto rows no wider than max_w (a
 * word wider than that alone on its row, cut when drawn); returns the new
 * count. */
static int wrap_line(cv_renderer *r, const char *line, cv_font_style style, bool beside_swatch,
                     int max_w, tooltip_row *rows, int count)
{
    cv_text_measurer measurer = cv_text_measurer_of(r->text);
    size_t length = strlen(line), from = 0;
    do {
        if (count == TOOLTIP_ROWS_MAX)
            return count;
        tooltip_row *row = &rows[count++];
        row->style = style;
        row->beside_swatch = beside_swatch;
        size_t end = cv_layout_fit_pieces(&measurer, style, line, from, length, " ", max_w);
        snprintf(row->text, sizeof row->text, "%.*s", (int)(end - from), line + from);
        from = end < length ? end + 1 : length;
    } while (from < length);
    return count;
}

/* The box beside the mouse, right and below it, or left or above it where
 * the renderer's rectangle ends; always inside that rectangle (clear of its
 * side margins where it can be): a line wider than the rectangle wraps (at --scale 2 in a 1280-wide
 * window the `ready` explanation ran off the right edge). */
static void draw_tooltip_box(cv_renderer *r, int mx, int my, const char *const *lines, int count,
                             cv_rgb swatch, bool with_swatch)
{
    const cv_theme *th = r->theme;
    /* The renderer's rectangle less its margin, unless that leaves no room. */
    cv_rect inner = r->lay.bounds;
    if (inner.w > 8 * r->lay.margin)
        inner = (cv_rect){inner.x + r->lay.margin, inner.y, inner.w - 2 * r->lay.margin, inner.h};
    const cv_rect *bounds = &inner;
    int pad = cv_draw_px(r, th->spacing.medium);
    int offset = cv_draw_px(r, 16);
    int line_h = cv_text_line_height(r->text, CV_FONT_BODY);
    int sw = with_swatch ? line_h : 0;
    int text_max_w = bounds->w - 2 * pad - sw;
    tooltip_row rows[TOOLTIP_ROWS_MAX];
    int row_count = 0;
    for (int i = 0; i < count; i++)
        row_count = wrap_line(r, lines[i], i == 0 ? CV_FONT_LABEL : CV_FONT_BODY, i == 1,
                              text_max_w, rows, row_count);
    int w = 0;
    for (int i = 0; i < row_count; i++) {
        int lw, lh;
        cv_text_measure(r->text, rows[i].style, rows[i].text, &lw, &lh);
        lw = lw < text_max_w ? lw : text_max_w;
        if (lw > w)
            w = lw;
    }
    int box_w = w + 2 * pad + sw;
    int box_h = row_count * line_h + 2 * pad;
    int x = mx + offset;
    int y = my + offset;
    if (x + box_w > bounds->x + bounds->w)
        x = mx - offset - box_w;
    if (y + box_h > bounds->y + bounds->h)
        y = my - offset - box_h;
    if (x + box_w > bounds->x + bounds->w)
        x = bounds->x + bounds->w - box_w;
    if (x < bounds->x)
        x = bounds->x;
    if (y < bounds->y)
        y = bounds->y;
    cv_draw_fill(r, x, y, box_w, box_h, th->tooltip);
    cv_draw_outline(r, x, y, box_w, box_h, 1, th->border);
    int swatch_row = 1;
    while (swatch_row < row_count && !rows[swatch_row].beside_swatch)
        swatch_row++;
    if (with_swatch)
        cv_draw_fill(r, x + pad,
                     y + pad + swatch_row * line_h + cv_draw_px(r, th->spacing.hairline),
                     sw - cv_draw_px(r, th->spacing.small),
                     line_h - cv_draw_px(r, th->spacing.tight), swatch);
    for (int i = 0; i < row_count; i++) {
        int lx = x + pad + (rows[i].beside_swatch ? sw : 0);
        cv_text_draw(r->text, rows[i].style, rows[i].text, th->foreground, lx, y + pad + i * line_h,
                     CV_ALIGN_LEFT, text_max_w);
    }
}

/* When the lane's last state began (its final span runs from there). */
static int64_t last_state_ns(const cv_trace *trace, uint32_t lane)
{
    const cv_lane_events *events = &trace->events[lane];
    for (size_t i = events->count; i > 0; i--)
        if (cv_event_is_state(&events->events[i - 1]))
            return events->events[i - 1].time_ns;
    return INT64_MIN;
}

static void tooltip_for_lane(cv_renderer *r, const cv_render_frame *f, uint32_t lane, int64_t t)
{
    cv_span span;
    if (!f->timeline || !cv_timeline_span_at(f->timeline, lane, t, &span))
        return;
    const cv_lane_info *info = &f->trace->lanes[lane];
    char head[128], state[160], timing[128], item[48];
    const char *id_word = cv_lane_os_id_word(f->trace, lane);
    if (info->os_id > 0)
        snprintf(head, sizeof head, "%s \xC2\xB7 %s \xC2\xB7 %s %lld", info->name,
                 cv_role_name(info->role), id_word, (long long)info->os_id);
    else
        snprintf(head, sizeof head, "%s \xC2\xB7 %s", info->name, cv_role_name(info->role));
    snprintf(state, sizeof state, "%s: %s", cv_state_label(span.state),
             cv_state_explanation(span.state));
    char start[32], duration[32];
    cv_format_duration(span.start_ns, start, sizeof start);
    int64_t end = span.end_ns;
    bool open = end >= f->trace->end_ns && !f->trace->finished;
    if (end > f->now_ns) {
        end = f->now_ns;
        open = true;
    }
    cv_format_duration(end - span.start_ns, duration, sizeof duration);
    snprintf(timing, sizeof timing, "from %s for %s%s", start, duration, open ? " so far" : "");
    /* A worker that died: its `done` is a death, and its last span ends in one. */
    char death[160];
    bool died = cv_caption_death(f->result, lane, death, sizeof death);
    bool last_span = span.start_ns >= last_state_ns(f->trace, lane);
    if (died && span.state == CV_STATE_DONE)
        snprintf(state, sizeof state, "%s", death);
    const char *lines[5] = {head, state, timing};
    int count = 3;
    if (span.item != UINT32_MAX) {
        snprintf(item, sizeof item, "item #%u", span.item);
        lines[count++] = item;
    }
    char then[176];
    if (died && last_span && span.state != CV_STATE_DONE) {
        snprintf(then, sizeof then, "then %s", death);
        lines[count++] = then;
    }
    draw_tooltip_box(r, f->mouse_x, f->mouse_y, lines, count, r->theme->state[span.state], true);
}

static void tooltip_for_strip(cv_renderer *r, const cv_render_frame *f, int64_t t)
{
    uint32_t fill;
    if (!f->timeline)
        return;
    cv_timeline_fill_query(f->timeline, t, t + 1, 1, &fill);
    char head[32] = "buffer", line[96], at[32];
    cv_format_duration(t, at, sizeof at);
    snprintf(line, sizeof line, "%u of %u slots full at %s", fill, f->trace->buffer_slots, at);
    const char *lines[2] = {head, line};
    draw_tooltip_box(r, f->mouse_x, f->mouse_y, lines, 2, r->theme->fill_strip, false);
}

static bool inside(const cv_rect *rect, int x, int y)
{
    return x >= rect->x && x < rect->x + rect->w && y >= rect->y && y < rect->y + rect->h;
}

void cv_draw_hover(cv_renderer *r, const cv_render_frame *f)
{
    const cv_layout *lay = &r->lay;
    cv_rect band = {lay->plot.x, lay->plot.y, lay->plot.w,
                    cv_layout_band_bottom(lay) - lay->plot.y};
    if (f->cursor_only) {
        /* Another pane is hovered: the same moment, as a line, here too. */
        if (f->mouse_x >= band.x && f->mouse_x < band.x + band.w)
            cv_draw_fill(r, f->mouse_x, band.y, 1, band.h, r->theme->highlight);
        return;
    }
    if (!f->hover)
        return;
    if (!inside(&band, f->mouse_x, f->mouse_y))
        return;
    int64_t t = cv_time_axis_t(&r->time, lay->plot.x, f->mouse_x);
    cv_draw_fill(r, f->mouse_x, band.y, 1, band.h, r->theme->highlight);
    if (t < 0 || t > f->now_ns)
        return;
    if (inside(&lay->plot, f->mouse_x, f->mouse_y)) {
        uint32_t lane = (uint32_t)((f->mouse_y - lay->plot.y) / lay->lane_h);
        if (lane < lay->lanes_shown)
            tooltip_for_lane(r, f, lane, t);
    } else if (inside(&lay->strip, f->mouse_x, f->mouse_y)) {
        tooltip_for_strip(r, f, t);
    }
}
