/*
 * svg.c — writing the run as SVG: the same picture as the PNG.
 *
 * The layout comes from layout/layout.c, measured with the renderer's own
 * fonts (render/text.c, without drawing anything), and the words from
 * layout/caption.c, so the SVG has what the window and the PNG have — the
 * header with its banner, facts and explanation, the legend, the lanes with
 * their labels and deadlock tags, the statistics column, the buffer fill
 * strip, the time axis and the slots row — in the same places. Colours come
 * from the shared theme through CSS classes, and each lane's columns become
 * one path per state (adjacent columns in the same state merged into one
 * rectangle), which keeps files small. Grid lines go under the bars, as in
 * the PNG. Every piece of text from the trace goes through xml_text.c, so the
 * result is always well-formed XML.
 */
#include "export/svg.h"
#include "export/output_file.h"
#include "export/xml_text.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conveyor/outcome.h"
#include "conveyor/scenario.h"
#include "layout/arrows.h"
#include "layout/caption.h"
#include "layout/marks.h"
#include "layout/layout.h"
#include "layout/panes.h"
#include "layout/time_axis.h"
#include "render/axis.h"
#include "render/text.h"
#include "timeline/buffer_slots.h"
#include "timeline/lane_stats.h"
#include "timeline/timeline.h"

enum {
    DEFAULT_WIDTH = 1600,
    DEFAULT_HEIGHT = 900,
    MIN_WIDTH = 320,
    MIN_HEIGHT = 200,
    MAX_SIDE = 16384
};

/* Everything one SVG is drawn from. */
typedef struct svg {
    FILE *out;
    const cv_trace *trace;
    const cv_run_result *result;
    const cv_theme *theme;
    const cv_svg_options *options;
    cv_timeline *timeline;
    cv_text *text; /* measures only: the fonts the PNG is drawn with */
    cv_lane_stats stats;
    cv_caption caption;
    cv_layout lay;
    cv_time_axis time;
    int64_t t1;       /* the time at the plot's right edge */
    uint32_t columns; /* plot columns before the end of the trace */
    cv_column *lane;  /* one lane's columns */
    uint32_t *fill;   /* the buffer's fill per column */
    /* a pane of a comparison (zero for a single run) */
    const cv_time_axis *shared_axis;
    int label_column_w;
    const char *subtitle;
    /* --arrows: the items' hand-overs, those in view and where their arrows go */
    cv_handover_index handovers;
    cv_handover *in_view;
    cv_arrows_place *arrows;
} svg;

static int px(const svg *g, float points)
{
    return cv_layout_px(&g->lay, points);
}

static void write_colour(FILE *out, cv_rgb colour)
{
    char hex[8];
    cv_rgb_hex(colour, hex);
    fputs(hex, out);
}

static void write_style(FILE *out, const cv_theme *theme)
{
    char hex[8];
    fputs("<style>\n", out);
    fputs("text{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;white-space:pre}\n", out);
    for (int s = 0; s < CV_STATE_COUNT; s++) {
        cv_rgb_hex(theme->state[s], hex);
        fprintf(out, ".s%d{fill:%s}\n", s, hex);
    }
    const struct {
        const char *name;
        cv_rgb colour;
    } classes[] = {
        {"bg", theme->background},   {"even", theme->lane_even},   {"odd", theme->lane_odd},
        {"fg", theme->foreground},   {"muted", theme->text_muted}, {"warn", theme->warning},
        {"fill", theme->fill_strip}, {"grid", theme->grid},        {"axis", theme->axis},
        {"border", theme->border},   {"mark", theme->put_mark},
    };
    for (size_t k = 0; k < sizeof classes / sizeof classes[0]; k++) {
        cv_rgb_hex(classes[k].colour, hex);
        fprintf(out, ".%s{fill:%s}\n", classes[k].name, hex);
    }
    fputs("</style>\n", out);
}

static void rect(const svg *g, int x, int y, int w, int h, cv_rgb colour)
{
    fprintf(g->out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"", x, y, w, h);
    write_colour(g->out, colour);
    fputs("\"/>\n", g->out);
}

static void rect_class(const svg *g, int x, int y, int w, int h, const char *class_name)
{
    fprintf(g->out, "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>\n",
            class_name, x, y, w, h);
}

/* A box's outline, thickness inside it, as the renderer draws it. */
static void outline(const svg *g, int x, int y, int w, int h, int t, cv_rgb colour)
{
    fprintf(g->out, "<path fill=\"");
    write_colour(g->out, colour);
    fprintf(g->out,
            "\" d=\"M%d %dh%dv%dh-%dzM%d %dh%dv%dh-%dzM%d %dh%dv%dh-%dzM%d %dh%dv%dh-%dz\"/>\n", x,
            y, w, t, w, x, y + h - t, w, t, w, x, y, t, h, t, x + w - t, y, t, h, t);
}

/* Text with its top (not its baseline) at y, as the renderer places it, cut to max_w. */
static void text_at(const svg *g, cv_font_style style, int x, int y, cv_align align, int max_w,
                    const char *string, cv_rgb colour)
{
    if (!string[0])
        return;
    char cut[1100];
    cv_text_fit(g->text, style, string, max_w, cut, sizeof cut);
    const char *anchor = align == CV_ALIGN_CENTER ? "middle" : align == CV_ALIGN_RIGHT ? "end" : "";
    fprintf(g->out, "<text x=\"%d\" y=\"%d\" font-size=\"%d\"%s%s%s%s fill=\"", x,
            y + cv_text_ascent(g->text, style), cv_text_font_px(g->text, style),
            cv_text_font_bold(style) ? " font-weight=\"bold\"" : "",
            anchor[0] ? " text-anchor=\"" : "", anchor, anchor[0] ? "\"" : "");
    write_colour(g->out, colour);
    fputs("\">", g->out);
    cv_xml_write_text(g->out, cut);
    fputs("</text>\n", g->out);
}

static void text_placed(const svg *g, const cv_layout_text *at, const char *string, cv_rgb colour)
{
    if (at->shown)
        text_at(g, at->style, at->x, at->y, at->align, at->max_w, string, colour);
}

/* ---- header and legend -------------------------------------------------- */

static cv_rgb banner_colour(const svg *g)
{
    switch (g->caption.banner_tone) {
    case CV_BANNER_BAD:
        return g->theme->bad;
    case CV_BANNER_STATUS:
        return g->theme->neutral;
    default:
        return cv_theme_outcome_colour(g->theme, g->caption.outcome);
    }
}

static void write_header(const svg *g)
{
    const cv_theme *th = g->theme;
    const cv_caption *cap = &g->caption;
    const cv_layout *lay = &g->lay;
    if (lay->banner.w > 0) {
        rect(g, lay->banner.x, lay->banner.y, lay->banner.w, lay->banner.h, banner_colour(g));
        text_placed(g, &lay->banner_text, cap->banner, th->banner_text);
    }
    text_placed(g, &lay->title, cap->title, th->foreground);
    char first[CV_DESCRIPTION_MAX];
    const char *rest = cv_layout_description_lines(lay, cap->description, first, sizeof first);
    text_placed(g, &lay->description, first, th->text_muted);
    if (rest)
        text_placed(g, &lay->description_more, rest, th->text_muted);
    const char *facts = cv_layout_facts_text(lay, cap);
    for (int line = 0; line < lay->facts.count; line++) {
        char text[sizeof cap->facts];
        cv_layout_line_text(&lay->facts, facts, line, text, sizeof text);
        text_placed(g, &lay->facts.at[line], text, th->foreground);
    }
    text_placed(g, &lay->warning, cap->warning, th->warning);
    for (int line = 0; line < lay->explanation.count; line++) {
        char text[sizeof cap->explanation];
        cv_layout_line_text(&lay->explanation, cap->explanation, line, text, sizeof text);
        text_placed(g, &lay->explanation.at[line], text, th->foreground);
    }
}

static void write_legend(const svg *g)
{
    const cv_theme *th = g->theme;
    for (int i = 0; i < g->lay.legend_count; i++) {
        const cv_legend_entry *e = &g->lay.legend_entries[i];
        const cv_rect *s = &e->swatch;
        if (e->kind == CV_LEGEND_TICKS) {
            int tick_w = px(g, th->spacing.hairline) > 1 ? px(g, th->spacing.hairline) : 1;
            int tick_h = s->w * 45 / 100;
            rect(g, s->x + s->w / 3, s->y, tick_w, tick_h, th->put_mark);
            rect(g, s->x + 2 * s->w / 3, s->y + s->w - tick_h, tick_w, tick_h, th->get_mark);
        } else {
            cv_rgb colour = e->kind == CV_LEGEND_FILL ? th->fill_strip : th->state[e->state];
            rect(g, s->x, s->y, s->w, s->h, colour);
            outline(g, s->x, s->y, s->w, s->h, 1, th->border);
        }
        text_placed(g, &e->text, e->label, th->foreground);
    }
}

/* ---- lanes -------------------------------------------------------------- */

/* Grid lines at every tick, between top and bottom, one pixel wide as in the PNG. */
static void write_grid(const svg *g, int64_t step, int top, int bottom)
{
    int64_t t0 = g->time.t0_ns;
    int64_t first = t0 - (t0 % step);
    if (first < t0)
        first += step;
    fputs("<path class=\"grid\" d=\"", g->out);
    for (int64_t t = first, n = 0; t <= g->t1 && n < CV_AXIS_MAX_TICKS; t += step, n++)
        fprintf(g->out, "M%d %dh1V%dh-1z", cv_time_axis_x(&g->time, g->lay.plot.x, t), top,
                bottom + 1);
    fputs("\"/>\n", g->out);
}

/* One path per state: runs of adjacent columns in that state, as rectangles. */
static void write_lane_states(const svg *g, cv_rect bar)
{
    for (int s = 0; s < CV_STATE_COUNT; s++) {
        bool open = false;
        for (uint32_t c = 0; c < g->columns;) {
            if (g->lane[c].state != s) {
                c++;
                continue;
            }
            uint32_t run = c;
            while (run < g->columns && g->lane[run].state == s)
                run++;
            if (!open)
                fprintf(g->out, "<path class=\"s%d\" d=\"", s);
            open = true;
            fprintf(g->out, "M%d %dh%uv%dh-%uz", bar.x + (int)c, bar.y, run - c, bar.h, run - c);
            c = run;
        }
        if (open)
            fputs("\"/>\n", g->out);
    }
}

/* Columns of the lane just queried with a put or get. */
static uint32_t marked_columns(const svg *g)
{
    uint32_t marked = 0;
    for (uint32_t c = 0; c < g->columns; c++)
        marked += g->lane[c].puts || g->lane[c].gets;
    return marked;
}

/* Put/get ticks of the lane just queried (cv_layout_ticks_shown said yes). */
static void write_lane_marks(const svg *g, cv_rect bar)
{
    int hairline = px(g, g->theme->spacing.hairline);
    int tick_w = hairline > 1 ? hairline : 1;
    int tick_h = bar.h * 45 / 100;
    fputs("<path class=\"mark\" d=\"", g->out);
    for (uint32_t c = 0; c < g->columns; c++) {
        int x = bar.x + (int)c;
        if (g->lane[c].puts)
            fprintf(g->out, "M%d %dh%dv%dh-%dz", x, bar.y, tick_w, tick_h, tick_w);
        if (g->lane[c].gets)
            fprintf(g->out, "M%d %dh%dv%dh-%dz", x, bar.y + bar.h - tick_h, tick_w, tick_h, tick_w);
    }
    fputs("\"/>\n", g->out);
}

/* The lane's name and tid/pid, where the layout put them. */
static void write_lane_label(const svg *g, uint32_t lane)
{
    const cv_theme *th = g->theme;
    const cv_lane_info *info = &g->trace->lanes[lane];
    cv_layout_text name, id;
    if (!cv_layout_lane_label(&g->lay, lane, &name, &id))
        return;
    const char *id_word = cv_lane_os_id_word(g->trace, lane);
    char id_text[48] = "";
    if (info->os_id > 0)
        snprintf(id_text, sizeof id_text, "%s %lld", id_word, (long long)info->os_id);
    text_placed(g, &name, info->name, th->foreground);
    text_placed(g, &id, id_text, th->text_muted);
}

/* At the right end of a lane: who holds the lock and who waits for it in a
 * deadlock, or how a worker that died ended. */
static void write_lane_tag(const svg *g, uint32_t lane)
{
    const cv_layout *lay = &g->lay;
    char tag[160];
    const cv_theme *th = g->theme;
    cv_text_measurer measurer = cv_text_measurer_of(g->text);
    cv_tag_place at;
    if (!cv_caption_lane_tag(g->trace, g->result, lane, tag, sizeof tag) ||
        !cv_layout_lane_tag(lay, &measurer, px(g, th->spacing.small),
                            cv_time_axis_x(&g->time, lay->plot.x, g->trace->end_ns), lane, tag,
                            &at))
        return;
    rect(g, at.box.x, at.box.y, at.box.w, at.box.h, th->tooltip);
    outline(g, at.box.x, at.box.y, at.box.w, at.box.h, px(g, 1) > 0 ? px(g, 1) : 1, th->foreground);
    text_at(g, at.font, at.text_x, at.text_y, CV_ALIGN_LEFT, 0, tag, th->foreground);
}

/* A lane's statistics: items and the share of time by state, as in the PNG
 * (in lanes thinner than a line, the items as a bar against most_items). */
static void write_lane_stat(const svg *g, uint32_t lane, uint64_t most_items)
{
    const cv_theme *th = g->theme;
    const cv_layout *lay = &g->lay;
    const cv_lane_stat *stat = &g->stats.lanes[lane];
    cv_rect at = cv_layout_stat_bar(lay, lane);
    int small_h = cv_text_line_height(g->text, CV_FONT_SMALL);
    int64_t total = 0;
    for (int s = 0; s < CV_STATE_COUNT; s++)
        total += stat->state_ns[s];
    int bar_x = cv_layout_share_x(lay), bar_w = at.x + at.w - bar_x, cursor = bar_x;
    int64_t cumulative = 0;
    for (int s = 0; total > 0 && s < CV_STATE_COUNT; s++) {
        if (stat->state_ns[s] <= 0)
            continue;
        cumulative += stat->state_ns[s];
        int end = bar_x + (int)((double)cumulative * bar_w / (double)total);
        int seg = end - cursor;
        if (seg <= 0)
            continue;
        char class_name[8];
        snprintf(class_name, sizeof class_name, "s%d", s);
        rect_class(g, cursor, at.y, seg, at.h, class_name);
        if (at.h >= small_h) {
            int percent = (int)lround(100.0 * (double)stat->state_ns[s] / (double)total);
            char label[8];
            snprintf(label, sizeof label, "%d%%", percent);
            int lw, lh;
            cv_text_measure(g->text, CV_FONT_SMALL, label, &lw, &lh);
            if (lw + px(g, th->spacing.tight) <= seg)
                text_at(g, CV_FONT_SMALL, cursor + seg / 2, at.y + (at.h - small_h) / 2,
                        CV_ALIGN_CENTER, 0, label, th->state_text[s]);
        }
        cursor = end;
    }
    cv_layout_text number = cv_layout_items_text(lay, lane);
    if (number.shown) {
        char items[32];
        snprintf(items, sizeof items, "%llu", (unsigned long long)stat->items);
        text_placed(g, &number, items, th->foreground);
    } else if (lay->items_style == CV_ITEMS_BAR && most_items > 0) {
        cv_rect cell = cv_layout_items_cell(lay, lane);
        int w = (int)((double)cell.w * (double)stat->items / (double)most_items + 0.5);
        rect(g, cell.x + cell.w - w, cell.y, w, cell.h, th->text_muted);
    }
}

static void write_lanes(const svg *g, int64_t step)
{
    const cv_theme *th = g->theme;
    const cv_layout *lay = &g->lay;
    for (uint32_t lane = 0; lane < lay->lanes_shown; lane++) {
        cv_rect row = cv_layout_lane_row(lay, lane);
        rect_class(g, row.x, row.y, row.w, row.h, lane % 2 ? "odd" : "even");
    }
    write_grid(g, step, lay->plot.y, lay->plot.y + lay->plot.h);
    int64_t t1 = g->time.t0_ns + (int64_t)ceil(g->time.ns_per_px * g->columns);
    /* Ticks on every lane or on none (the renderer's rule). */
    uint32_t busiest_marked = 0;
    for (uint32_t lane = 0; g->columns > 0 && lane < lay->lanes_shown; lane++) {
        cv_timeline_query(g->timeline, lane, g->time.t0_ns, t1, g->columns, g->lane);
        uint32_t marked = marked_columns(g);
        busiest_marked = marked > busiest_marked ? marked : busiest_marked;
    }
    bool ticks =
        lay->lanes_shown > 0 &&
        cv_layout_ticks_shown(busiest_marked, g->columns, cv_layout_lane_bar(lay, 0).h, px(g, 10));
    for (uint32_t lane = 0; lane < lay->lanes_shown; lane++) {
        const cv_lane_info *info = &g->trace->lanes[lane];
        fputs("<g><title>", g->out);
        cv_xml_write_text(g->out, info->name[0] ? info->name : "?");
        fprintf(g->out, " \xC2\xB7 %s", cv_role_name(info->role));
        if (info->os_id > 0)
            fprintf(g->out, " \xC2\xB7 %s %" PRId64, cv_lane_os_id_word(g->trace, lane),
                    info->os_id);
        char death[160];
        if (cv_caption_death(g->result, lane, death, sizeof death)) {
            fputs(" \xC2\xB7 ", g->out);
            cv_xml_write_text(g->out, death);
        }
        fputs("</title>\n", g->out);
        if (g->columns > 0) {
            cv_timeline_query(g->timeline, lane, g->time.t0_ns, t1, g->columns, g->lane);
            if (cv_caption_lane_died(g->result, lane))
                cv_column_forget_done(g->lane, g->columns);
            cv_rect bar = cv_layout_lane_bar(lay, lane);
            write_lane_states(g, bar);
            if (ticks)
                write_lane_marks(g, bar);
        }
        fputs("</g>\n", g->out);
    }
    for (uint32_t lane = 0; lane < lay->lanes_shown; lane++)
        write_lane_label(g, lane);
    for (uint32_t lane = 0; lane < lay->lanes_shown; lane++)
        write_lane_tag(g, lane);
    uint64_t most_items = cv_lane_stats_most_items(&g->stats, lay->lanes_shown);
    char items_title[48];
    cv_layout_items_title(lay, most_items, items_title, sizeof items_title);
    text_placed(g, &lay->column_items, items_title, th->text_muted);
    text_placed(g, &lay->column_share, lay->column_share_title, th->text_muted);
    text_placed(g, &lay->column_worker, "worker", th->text_muted);
    for (uint32_t lane = 0; lane < lay->lanes_shown && lane < g->stats.lane_count; lane++)
        write_lane_stat(g, lane, most_items);
    if (lay->more.shown) {
        char more[64];
        snprintf(more, sizeof more, "+%u more lanes not shown",
                 g->trace->lane_count - lay->lanes_shown);
        text_placed(g, &lay->more, more, th->warning);
    }
}

/* ---- the buffer and the time axis --------------------------------------- */

/* The buffer fill over time as one path of steps, under the capacity line. */
static void write_fill_strip(const svg *g, int64_t grid_step_ns)
{
    const cv_theme *th = g->theme;
    const cv_layout *lay = &g->lay;
    const cv_rect *s = &lay->strip;
    if (s->h <= 0)
        return;
    int pad = px(g, th->spacing.medium);
    int nudge = px(g, th->spacing.hairline);
    uint32_t slots = g->trace->buffer_slots;
    rect_class(g, lay->labels.x, s->y, lay->stats.x + lay->stats.w - lay->labels.x, s->h, "even");
    write_grid(g, grid_step_ns, s->y, s->y + s->h); /* under the fill, as in the renderer */
    int label_h = cv_text_line_height(g->text, CV_FONT_LABEL);
    text_at(g, CV_FONT_LABEL, lay->labels.x + pad, s->y + nudge, CV_ALIGN_LEFT, lay->labels.w - pad,
            "buffer", th->foreground);
    char range[48];
    snprintf(range, sizeof range, "fill 0\xE2\x80\x93%u", slots);
    if (s->h >= label_h * 2)
        text_at(g, CV_FONT_SMALL, lay->labels.x + pad, s->y + nudge + label_h, CV_ALIGN_LEFT,
                lay->labels.w - pad, range, th->text_muted);
    rect_class(g, s->x, s->y, s->w, 1, "border");
    rect_class(g, s->x, s->y + s->h - 1, s->w, 1, "border");
    if (g->columns == 0 || slots == 0)
        return;
    int64_t t1 = g->time.t0_ns + (int64_t)ceil(g->time.ns_per_px * g->columns);
    cv_timeline_fill_query(g->timeline, g->time.t0_ns, t1, g->columns, g->fill);
    int usable = s->h - 2;
    bool open = false;
    uint32_t start = 0;
    for (uint32_t c = 0; c <= g->columns; c++) {
        if (c < g->columns && g->fill[c] == g->fill[start])
            continue;
        uint32_t fill = g->fill[start] > slots ? slots : g->fill[start];
        int h = (int)((uint64_t)fill * (uint64_t)usable / slots);
        if (fill > 0 && h < 1)
            h = 1;
        if (h > 0) {
            if (!open)
                fputs("<path class=\"fill\" d=\"", g->out);
            open = true;
            fprintf(g->out, "M%d %dh%uv%dh-%uz", s->x + (int)start, s->y + 1 + usable - h,
                    c - start, h, c - start);
        }
        start = c;
    }
    if (open)
        fputs("\"/>\n", g->out);
}

static void write_axis(const svg *g, int64_t step)
{
    const cv_theme *th = g->theme;
    const cv_rect *a = &g->lay.axis;
    if (a->h <= 0)
        return;
    int64_t t0 = g->time.t0_ns, t1 = g->t1;
    rect_class(g, a->x, a->y, a->w, 1, "axis");
    int64_t first = t0 - (t0 % step);
    if (first < t0)
        first += step;
    int64_t max_abs = llabs(t1) > llabs(t0) ? llabs(t1) : llabs(t0);
    int tick = px(g, 5);
    for (int64_t t = first, n = 0; t <= t1 && n < CV_AXIS_MAX_TICKS; t += step, n++) {
        int x = cv_time_axis_x(&g->time, g->lay.plot.x, t);
        rect_class(g, x, a->y, 1, tick, "axis");
        char label[32];
        cv_axis_label(t, step, max_abs, label, sizeof label);
        text_at(g, CV_FONT_SMALL, x, a->y + tick, CV_ALIGN_CENTER, 0, label, th->text_muted);
    }
}

/* The buffer's slots at the end of what is shown: boxes with item ids, or one gauge. */
static void write_slots(const svg *g)
{
    const cv_theme *th = g->theme;
    const cv_layout *lay = &g->lay;
    const cv_rect *s = &lay->slots;
    if (s->h <= 0)
        return;
    int pad = px(g, th->spacing.medium);
    uint32_t slots = g->trace->buffer_slots;
    /* At the end of what is shown (a --range may end before the run). */
    int64_t at = g->t1 < g->trace->end_ns ? g->t1 : g->trace->end_ns;
    if (at < 0)
        at = 0;
    uint32_t items[CV_SLOT_BOXES_MAX];
    uint32_t item_count = 0;
    uint32_t fill = cv_buffer_slots_at(g->trace, at, items, CV_SLOT_BOXES_MAX, &item_count);
    if (fill > slots)
        fill = slots;
    int label_h = cv_text_line_height(g->text, CV_FONT_LABEL);
    int small_h = cv_text_line_height(g->text, CV_FONT_SMALL);
    int body_h = cv_text_line_height(g->text, CV_FONT_BODY);
    char when[48], moment[32], count[48];
    cv_format_duration(at, moment, sizeof moment);
    snprintf(when, sizeof when, "at %s", moment);
    text_at(g, CV_FONT_LABEL, lay->labels.x + pad, s->y, CV_ALIGN_LEFT, lay->labels.w - pad,
            "slots", th->foreground);
    if (s->h >= label_h + small_h)
        text_at(g, CV_FONT_SMALL, lay->labels.x + pad, s->y + label_h, CV_ALIGN_LEFT,
                lay->labels.w - pad, when, th->text_muted);
    snprintf(count, sizeof count, "%u / %u full", fill, slots);
    text_at(g, CV_FONT_BODY, lay->stats.x + pad, s->y + (s->h - body_h) / 2, CV_ALIGN_LEFT,
            lay->stats.w, count, th->foreground);
    if (slots == 0)
        return;
    cv_text_measurer measurer = cv_text_measurer_of(g->text);
    cv_slots_place place;
    cv_layout_slots(lay, &measurer, *s, slots, fill, items, item_count, px(g, th->spacing.tight),
                    px(g, th->spacing.hairline), &place);
    if (place.gauge) {
        const cv_rect *at_rect = &place.gauge_at;
        rect(g, at_rect->x, at_rect->y, at_rect->w, at_rect->h, th->slot_empty);
        rect(g, at_rect->x, at_rect->y, place.gauge_fill_w, at_rect->h, th->slot_filled);
        outline(g, at_rect->x, at_rect->y, at_rect->w, at_rect->h, 1, th->border);
        return;
    }
    for (uint32_t i = 0; i < place.box_count; i++) {
        const cv_slot_box *b = &place.boxes[i];
        rect(g, b->box.x, b->box.y, b->box.w, b->box.h, b->full ? th->slot_filled : th->slot_empty);
        outline(g, b->box.x, b->box.y, b->box.w, b->box.h, place.outline_px, th->border);
        if (b->labelled)
            text_at(g, b->font, b->text_x, b->text_y, CV_ALIGN_CENTER, 0, b->label, th->slot_text);
    }
}

/* ---- the picture -------------------------------------------------------- */

/* The picture's size (the PNG's limits, so --size means the same for both)
 * and its time range. */
static cv_status check_options(const cv_trace *trace, const cv_svg_options *options, int *width,
                               int *height, int64_t *t0, int64_t *t1, cv_error *err)
{
    *width = options->width > 0 ? options->width : DEFAULT_WIDTH;
    *height = options->height > 0 ? options->height : DEFAULT_HEIGHT;
    if (options->width < 0 || options->height < 0 || *width > MAX_SIDE || *height > MAX_SIDE ||
        *width < MIN_WIDTH || *height < MIN_HEIGHT)
        return cv_fail(err, CV_ERR_USAGE, "", 0,
                       "the picture size %dx%d is out of range (%dx%d to %dx%d)", *width, *height,
                       MIN_WIDTH, MIN_HEIGHT, MAX_SIDE, MAX_SIDE);
    *t0 = options->range_start_ns;
    *t1 = options->range_end_ns;
    if (*t0 == 0 && *t1 == 0)
        *t1 = trace->end_ns > 0 ? trace->end_ns : 1;
    if (*t1 <= *t0)
        return cv_fail(err, CV_ERR_USAGE, "", 0, "the SVG time range must end after it starts");
    return CV_OK;
}

cv_status cv_svg_check_options(const cv_svg_options *options, cv_error *err)
{
    cv_trace trace = {.end_ns = 1};
    int width, height;
    int64_t t0, t1;
    return check_options(&trace, options, &width, &height, &t0, &t1, err);
}

/* Measure, compose and lay out the picture: what the PNG of this size would show. */
static cv_status plan(svg *g, cv_rect bounds, int64_t t0, int64_t t1, cv_error *err)
{
    float scale = g->options->scale > 0 ? g->options->scale : cv_layout_picture_scale(bounds.h);
    int width = bounds.w;
    cv_status st = cv_text_create(NULL, scale, &g->text, err);
    if (st != CV_OK)
        return st;
    g->timeline = cv_timeline_create(g->trace);
    g->lane = malloc((size_t)width * sizeof *g->lane);
    g->fill = malloc((size_t)width * sizeof *g->fill);
    cv_lane_stats_count_from(&g->stats, t0);
    if (!g->timeline || !g->lane || !g->fill ||
        cv_lane_stats_update(&g->stats, g->trace, t1 < g->trace->end_ns ? t1 : g->trace->end_ns,
                             err) != CV_OK)
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for the SVG");
    cv_timeline_update(g->timeline);
    cv_caption_facts facts = {
        .trace = g->trace, .result = g->result, .stats = &g->stats, .now_ns = g->trace->end_ns};
    cv_caption_make(&g->caption, &facts);
    if (g->options->title && g->options->title[0])
        snprintf(g->caption.title, sizeof g->caption.title, "%s", g->options->title);
    if (g->subtitle)
        snprintf(g->caption.description, sizeof g->caption.description, "%s", g->subtitle);
    cv_text_measurer measurer = cv_text_measurer_of(g->text);
    cv_layout_input in = {
        .bounds = bounds,
        .label_column_w = g->label_column_w,
        .scale = scale,
        .spacing = &g->theme->spacing,
        .text = &measurer,
        .caption = &g->caption,
        .trace = g->trace,
        .states_seen = cv_lane_stats_states_seen(&g->stats),
    };
    cv_layout_compute(&g->lay, &in);
    g->time = g->shared_axis ? *g->shared_axis : cv_time_axis_fit(t0, t1, g->lay.plot.w);
    g->t1 = g->shared_axis ? cv_time_axis_end(g->shared_axis, g->lay.plot.w) : t1;
    g->columns = 0;
    if (g->trace->end_ns > t0) {
        double columns = ceil((double)(g->trace->end_ns - t0) / g->time.ns_per_px);
        g->columns = columns >= g->lay.plot.w ? (uint32_t)g->lay.plot.w : (uint32_t)columns;
    }
    if (!g->options->arrows)
        return CV_OK;
    if (!g->in_view)
        g->in_view = malloc(CV_ARROWS_MAX * sizeof *g->in_view);
    if (!g->arrows)
        g->arrows = malloc(sizeof *g->arrows);
    if (!g->in_view || !g->arrows)
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for the item arrows");
    st = cv_handover_update(&g->handovers, g->trace, err);
    if (st != CV_OK)
        return st;
    bool thinned = false;
    int64_t end = g->t1 < g->trace->end_ns ? g->t1 : g->trace->end_ns;
    size_t n = cv_handover_in_view(&g->handovers, g->time.t0_ns, end,
                                   cv_layout_arrow_bucket_ns(&g->lay, &g->time), g->lay.lanes_shown,
                                   g->in_view, CV_ARROWS_MAX, &thinned);
    cv_layout_arrows(&g->lay, &measurer, &g->time, g->in_view, n, g->trace->end_ns, thinned,
                     g->arrows);
    return CV_OK;
}

static void write_document_start(FILE *out, int width, int height, const char *title,
                                 const cv_theme *theme)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
    fprintf(out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\">\n",
            width, height, width, height);
    fputs("<title>", out);
    cv_xml_write_text(out, title);
    fputs("</title>\n", out);
    write_style(out, theme);
}

/* The item arrows (layout/arrows.h), as the renderer draws them: a line with
 * a halo, a head at the get, the label on the tooltip colour. */
static void write_arrows(const svg *g)
{
    if (!g->arrows)
        return;
    const cv_theme *th = g->theme;
    const cv_arrows_place *place = g->arrows;
    fputs("<g class=\"arrows\">\n", g->out);
    for (size_t i = 0; i < place->count; i++) {
        const cv_arrow_place *a = &place->arrows[i];
        double dx = a->x1 - a->x0, dy = a->y1 - a->y0;
        double length = sqrt(dx * dx + dy * dy);
        if (length < 1.0)
            continue;
        double head = place->head_px, ux = dx / length, uy = dy / length;
        double bx = length > head ? a->x1 - ux * head : a->x0;
        double by = length > head ? a->y1 - uy * head : a->y0;
        fprintf(g->out, "<g><title>item #%u</title>", a->item);
        for (int halo = 1; halo >= 0; halo--) {
            fprintf(g->out, "<path fill=\"none\" stroke=\"");
            write_colour(g->out, halo ? th->background : th->foreground);
            fprintf(g->out, "\" stroke-width=\"%d\" d=\"M%d %dL%.1f %.1f\"/>",
                    place->width_px + 2 * halo, a->x0, a->y0, bx, by);
        }
        fprintf(g->out, "<path fill=\"");
        write_colour(g->out, th->foreground);
        fprintf(g->out, "\" d=\"M%d %dL%.1f %.1fL%.1f %.1fz\"/></g>\n", a->x1, a->y1,
                bx - uy * head / 2, by + ux * head / 2, bx + uy * head / 2, by - ux * head / 2);
    }
    for (size_t i = 0; i < place->count; i++) {
        const cv_arrow_place *a = &place->arrows[i];
        if (!a->labelled)
            continue;
        const cv_rect *b = &a->label_box;
        rect(g, b->x, b->y, b->w, b->h, th->tooltip);
        outline(g, b->x, b->y, b->w, b->h, 1, th->foreground);
        text_placed(g, &a->label, a->text, th->foreground);
    }
    if (place->note.shown) {
        rect(g, place->note_box.x, place->note_box.y, place->note_box.w, place->note_box.h,
             th->tooltip);
        text_placed(g, &place->note, place->note_text, th->foreground);
    }
    fputs("</g>\n", g->out);
}

/* Everything inside the layout's bounds: a whole picture, or one pane. */
static void write_pane(const svg *g)
{
    cv_rect b = g->lay.bounds;
    rect_class(g, b.x, b.y, b.w, b.h, "bg");
    int64_t step = cv_axis_tick_step(g->t1 - g->time.t0_ns, g->lay.plot.w, g->lay.tick_min_spacing);
    write_header(g);
    write_legend(g);
    write_lanes(g, step);
    write_arrows(g);
    write_fill_strip(g, step);
    write_axis(g, step);
    write_slots(g);
}

static void write_picture(const svg *g)
{
    write_document_start(g->out, g->lay.bounds.w, g->lay.bounds.h, g->caption.title, g->theme);
    write_pane(g);
    fputs("</svg>\n", g->out);
}

static void release(svg *g)
{
    cv_text_destroy(g->text);
    cv_timeline_destroy(g->timeline);
    cv_lane_stats_free(&g->stats);
    free(g->lane);
    free(g->fill);
    cv_handover_free(&g->handovers);
    free(g->in_view);
    free(g->arrows);
}

cv_status cv_svg_write(const char *path, const cv_trace *trace, const cv_svg_options *options,
                       cv_error *err)
{
    static const cv_svg_options defaults = {0};
    if (!options)
        options = &defaults;
    int width, height;
    int64_t t0 = 0, t1 = 0; /* set by check_options; gcc -O3 cannot tell */
    cv_status status = check_options(trace, options, &width, &height, &t0, &t1, err);
    if (status != CV_OK)
        return status;
    svg g = {.trace = trace,
             .result = options->result,
             .theme = cv_theme_get(options->theme),
             .options = options};
    status = plan(&g, (cv_rect){0, 0, width, height}, t0, t1, err);
    if (status != CV_OK) {
        release(&g);
        return status;
    }
    cv_output_file file;
    status = cv_output_open(&file, path, "SVG", err);
    if (status != CV_OK) {
        release(&g);
        return status;
    }
    g.out = file.stream;
    write_picture(&g);
    release(&g);
    return cv_output_close(&file, err);
}

/* ---- stacked panes --------------------------------------------------------- */

enum { PANE_HEIGHT = 600, PANE_GAP = 6 };

typedef struct pane_plan {
    svg panes[CV_PANES_MAX];
    cv_svg_options options[CV_PANES_MAX];
    cv_time_axis axis;
} pane_plan;

/* Plan every pane twice: once to measure the label columns, then with the
 * widest and the one axis fitted to the (now equal) plots. */
static cv_status plan_panes(pane_plan *p, const cv_pane_source *sources, int count,
                            const cv_svg_options *options, int width, int height, int64_t t0,
                            int64_t t1, cv_error *err)
{
    cv_rect bounds[CV_PANES_MAX];
    int gap = PANE_GAP;
    cv_panes_split((cv_rect){0, 0, width, height}, count, gap, bounds);
    float scale = options->scale > 0 ? options->scale : cv_panes_scale(height / count);
    int widest = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < count; i++) {
            release(&p->panes[i]);
            p->options[i] = *options;
            p->options[i].scale = scale;
            p->options[i].title = sources[i].title;
            p->panes[i] = (svg){.trace = sources[i].trace,
                                .result = sources[i].result,
                                .theme = cv_theme_get(options->theme),
                                .options = &p->options[i],
                                .label_column_w = widest,
                                .subtitle = sources[i].subtitle,
                                .shared_axis = pass ? &p->axis : NULL};
            cv_status st = plan(&p->panes[i], bounds[i], t0, t1, err);
            if (st != CV_OK)
                return st;
            if (pass == 0 && p->panes[i].lay.labels.w > widest)
                widest = p->panes[i].lay.labels.w;
        }
        if (pass == 0) {
            /* The second pass lays every pane out with the widest label column, which
             * narrows each plot by what its own column grows: the same width in all. */
            int plot_w = p->panes[0].lay.plot.w - (widest - p->panes[0].lay.labels.w);
            p->axis = cv_time_axis_fit(t0, t1, plot_w > 16 ? plot_w : 16);
        }
    }
    return CV_OK;
}

cv_status cv_svg_write_panes(const char *path, const cv_pane_source *sources, int count,
                             const cv_svg_options *options, cv_error *err)
{
    static const cv_svg_options defaults = {0};
    if (!options)
        options = &defaults;
    if (count < 1 || count > CV_PANES_MAX)
        return cv_fail(err, CV_ERR_USAGE, "", 0, "a comparison has 1 to %d runs, not %d",
                       CV_PANES_MAX, count);
    int64_t end_ns = 1;
    for (int i = 0; i < count; i++)
        end_ns = sources[i].trace->end_ns > end_ns ? sources[i].trace->end_ns : end_ns;
    int64_t t0 = options->range_start_ns, t1 = options->range_end_ns;
    if (t0 == 0 && t1 == 0)
        t1 = end_ns;
    if (t1 <= t0)
        return cv_fail(err, CV_ERR_USAGE, "", 0, "the SVG time range must end after it starts");
    int width = options->width > 0 ? options->width : DEFAULT_WIDTH;
    int height = options->height > 0 ? options->height : PANE_HEIGHT * count;
    pane_plan *p = calloc(1, sizeof *p);
    if (!p)
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for the SVG");
    cv_status status = plan_panes(p, sources, count, options, width, height, t0, t1, err);
    cv_output_file file;
    if (status == CV_OK)
        status = cv_output_open(&file, path, "SVG", err);
    if (status == CV_OK) {
        write_document_start(file.stream, width, height, p->panes[0].caption.title,
                             p->panes[0].theme);
        fprintf(file.stream, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"", width,
                height);
        write_colour(file.stream, p->panes[0].theme->border);
        fputs("\"/>\n", file.stream);
        for (int i = 0; i < count; i++) {
            p->panes[i].out = file.stream;
            fprintf(file.stream, "<g id=\"run-%d\">\n", i + 1);
            write_pane(&p->panes[i]);
            fputs("</g>\n", file.stream);
        }
        fputs("</svg>\n", file.stream);
        status = cv_output_close(&file, err);
    }
    for (int i = 0; i < count; i++)
        release(&p->panes[i]);
    free(p);
    return status;
}
