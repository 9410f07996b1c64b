/*
 * layout.c — where each part of the picture goes (see layout.h).
 *
 * Top to bottom: the header (title and description, the outcome banner at
 * the right, the facts on one line or two, warnings, the explanation), the
 * legend (full labels in one or two rows, short labels wrapped only where
 * two rows cannot hold them), then the lanes with a label column on the left and a statistics
 * column on the right, the buffer fill strip under them on the same time
 * axis, the tick labels, and the buffer's slots at the current moment. Lanes
 * share what height is left; when there is room to spare the fill strip
 * grows, when there is too little the buffer rows shrink first.
 */
#include "layout/layout.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/theme.h"

/* Sizes of things, in points at scale 1 (the gaps are the spacing scale's). */
enum {
    DESCRIPTION_MIN_W = 60,  /* the description is left out with less room than this */
    LABEL_COLUMN_MIN_W = 80, /* the lane label column */
    LABEL_COLUMN_MAX_W = 200,
    STATS_COLUMN_W = 260, /* at most a quarter of the picture */
    STATS_ITEMS_W = 64,   /* the items count, left of the share bar */
    AXIS_TICK_ROOM = 10,  /* tick marks above the tick labels */
    STRIP_H = 64,         /* the buffer fill strip */
    STRIP_TIGHT_H = 36,   /* ... when lanes need the room */
    STRIP_GROW_MAX = 56,  /* ... grown by at most this with room to spare */
    LANE_MIN_H = 24,      /* below this the buffer rows shrink */
    LANE_MAX_H = 96,
    TICK_MIN_SPACING = 110
};

int cv_layout_px(const cv_layout *lay, float points)
{
    return (int)lroundf(points * lay->scale);
}

static int line_height(const cv_layout_input *in, cv_font_style style)
{
    return in->text->line_height(in->text->ctx, style);
}

static int text_width(const cv_layout_input *in, cv_font_style style, const char *string)
{
    int w = 0, h = 0;
    in->text->measure(in->text->ctx, style, string, &w, &h);
    return w;
}

static cv_layout_text text_at(cv_font_style style, int x, int y, cv_align align, int max_w)
{
    return (cv_layout_text){true, style, align, x, y, max_w};
}

/* Bytes of the longest run of whole words of text that fits in max_w, 0 if none does. */
static size_t words_that_fit(const cv_layout_input *in, const char *text, int max_w)
{
    char prefix[CV_DESCRIPTION_MAX];
    size_t best = 0;
    for (size_t i = 1; text[i] != '\0' && i < sizeof prefix; i++) {
        if (text[i] != ' ')
            continue;
        memcpy(prefix, text, i);
        prefix[i] = '\0';
        if (text_width(in, CV_FONT_BODY, prefix) > max_w)
            break;
        best = i;
    }
    return best;
}

const char *cv_layout_description_lines(const cv_layout *lay, const char *description, char *first,
                                        size_t first_size)
{
    size_t split = lay->description_split;
    if (split == 0 || split >= strlen(description)) {
        snprintf(first, first_size, "%s", description);
        return NULL;
    }
    snprintf(first, first_size, "%.*s", (int)split, description);
    const char *rest = description + split;
    while (*rest == ' ')
        rest++;
    return rest;
}

/* The header; returns the y below it. */
static int place_header(cv_layout *lay, const cv_layout_input *in)
{
    const cv_spacing *sp = in->spacing;
    const cv_caption *cap = in->caption;
    int left = lay->bounds.x + lay->margin;
    int right = lay->bounds.x + lay->bounds.w - lay->margin;
    int width = lay->bounds.w;
    int m = lay->margin;
    int title_h = line_height(in, CV_FONT_TITLE);
    int body_h = line_height(in, CV_FONT_BODY);
    int y = lay->bounds.y + m;

    int banner_left = right;
    if (cap->banner[0]) {
        int bw = 0, bh = 0;
        in->text->measure(in->text->ctx, CV_FONT_BANNER, cap->banner, &bw, &bh);
        int pad = cv_layout_px(lay, sp->loose);
        int box_h = title_h + body_h;
        int box_w = bw + 2 * pad;
        banner_left = right - box_w;
        lay->banner = (cv_rect){banner_left, y, box_w, box_h};
        lay->banner_text =
            text_at(CV_FONT_BANNER, banner_left + pad, y + (box_h - bh) / 2, CV_ALIGN_LEFT, 0);
    }

    int title_max = banner_left - lay->bounds.x - 2 * m;
    lay->title = text_at(CV_FONT_TITLE, left, y, CV_ALIGN_LEFT, title_max);
    char cut[512];
    int title_w =
        in->text->fit(in->text->ctx, CV_FONT_TITLE, cap->title, title_max, cut, sizeof cut);
    int desc_x = left + title_w + cv_layout_px(lay, sp->loose);
    int desc_right = banner_left - m;
    int desc_y = y + title_h - body_h - cv_layout_px(lay, sp->hairline);
    y += title_h;
    lay->description_split = 0;
    bool beside = desc_x < desc_right - cv_layout_px(lay, DESCRIPTION_MIN_W);
    if (cap->description[0] &&
        text_width(in, CV_FONT_BODY, cap->description) > desc_right - desc_x) {
        /* Too long beside the title (a wide banner): the words that fit there, the
         * rest on a line of its own, beside the banner, rather than cut short. */
        size_t split = beside ? words_that_fit(in, cap->description, desc_right - desc_x) : 0;
        if (split > 0) {
            lay->description =
                text_at(CV_FONT_BODY, desc_x, desc_y, CV_ALIGN_LEFT, desc_right - desc_x);
            lay->description_split = split;
            lay->description_more =
                text_at(CV_FONT_BODY, left, y, CV_ALIGN_LEFT, desc_right - left);
        } else {
            lay->description = text_at(CV_FONT_BODY, left, y, CV_ALIGN_LEFT, desc_right - left);
        }
        y += body_h;
    } else if (cap->description[0] && beside) {
        lay->description =
            text_at(CV_FONT_BODY, desc_x, desc_y, CV_ALIGN_LEFT, desc_right - desc_x);
    }

    /* Lines beside the banner end before it; those below it may take the whole width. */
    int facts_max =
        lay->banner.w > 0 && y < lay->banner.y + lay->banner.h ? title_max : width - 2 * m;
    if (text_width(in, CV_FONT_BODY, cap->facts) <= facts_max) {
        lay->fact_lines = 1;
        lay->facts[0] = text_at(CV_FONT_BODY, left, y, CV_ALIGN_LEFT, 0);
        y += body_h;
    } else {
        /* Big text on a small screen: the setup and the progress on lines of their own. */
        lay->fact_lines = 2;
        lay->facts[0] = text_at(CV_FONT_BODY, left, y, CV_ALIGN_LEFT, facts_max);
        y += body_h;
        lay->facts[1] = text_at(CV_FONT_BODY, left, y, CV_ALIGN_LEFT, width - 2 * m);
        y += body_h;
    }
    if (cap->warning[0]) {
        lay->warning = text_at(CV_FONT_LABEL, left, y, CV_ALIGN_LEFT, width - 2 * m);
        y += body_h;
    }
    if (cap->explanation[0]) {
        lay->explanation = text_at(CV_FONT_BODY, left, y, CV_ALIGN_LEFT, width - 2 * m);
        y += body_h;
    }
    y += cv_layout_px(lay, sp->small);
    lay->header = (cv_rect){lay->bounds.x, lay->bounds.y, width, y - lay->bounds.y};
    return y;
}

static int fill_legend_entries(cv_legend_entry out[CV_LEGEND_MAX], const char *long_labels[],
                               const char *short_labels[])
{
    int n = 0;
    for (int s = 0; s < CV_STATE_COUNT; s++, n++) {
        out[n] = (cv_legend_entry){.kind = CV_LEGEND_STATE, .state = s};
        long_labels[n] = cv_state_label((cv_state)s);
        short_labels[n] = cv_state_short_label((cv_state)s);
    }
    /* The put/get ticks and the buffer colour, so every mark on screen is explained. */
    out[n] = (cv_legend_entry){.kind = CV_LEGEND_TICKS};
    long_labels[n] = "put / get";
    short_labels[n++] = "put/get";
    out[n] = (cv_legend_entry){.kind = CV_LEGEND_FILL};
    long_labels[n] = "items in the buffer";
    short_labels[n++] = "buffer";
    return n;
}

/* Rows the legend takes with these labels, wrapped at `room` pixels. */
static int legend_rows(const cv_layout_input *in, const char *labels[], int n, int fixed_w, int gap,
                       int room)
{
    int rows = 1, x = 0;
    for (int i = 0; i < n; i++) {
        int item_w = fixed_w + text_width(in, CV_FONT_BODY, labels[i]);
        if (x > 0 && x + item_w > room) {
            rows++;
            x = 0;
        }
        x += item_w + gap;
    }
    return rows;
}

/* The legend with its full labels ("ready (waiting for a core)") in one or
 * two rows; only where even two rows cannot hold them, with the short ones,
 * wrapped as needed. Returns the y below it. */
static int place_legend(cv_layout *lay, const cv_layout_input *in, int y)
{
    const cv_spacing *sp = in->spacing;
    const char *long_labels[CV_LEGEND_MAX], *short_labels[CV_LEGEND_MAX];
    int n = fill_legend_entries(lay->legend_entries, long_labels, short_labels);
    lay->legend_count = n;
    int m = lay->margin;
    int h = line_height(in, CV_FONT_BODY);
    int swatch = cv_layout_px(lay, sp->swatch);
    int gap = cv_layout_px(lay, sp->wide);
    int to_text = cv_layout_px(lay, sp->small);
    int room = lay->bounds.w - 2 * m;
    const char **labels = legend_rows(in, long_labels, n, swatch + to_text, gap, room) <= 2
                              ? long_labels
                              : short_labels;
    int left = lay->bounds.x + m;
    int right = lay->bounds.x + lay->bounds.w - m;
    int top = y;
    int x = left;
    for (int i = 0; i < n; i++) {
        cv_legend_entry *e = &lay->legend_entries[i];
        e->label = labels[i];
        int item_w = swatch + to_text + text_width(in, CV_FONT_BODY, e->label);
        if (x > left && x + item_w > right) {
            x = left;
            y += h + cv_layout_px(lay, sp->tight);
        }
        e->swatch = (cv_rect){x, y + (h - swatch) / 2, swatch, swatch};
        e->text = text_at(CV_FONT_BODY, x + swatch + to_text, y, CV_ALIGN_LEFT, 0);
        x += item_w + gap;
    }
    y += h + cv_layout_px(lay, sp->medium);
    lay->legend = (cv_rect){lay->bounds.x, top, lay->bounds.w, y - top};
    return y;
}

static int label_column_width(const cv_layout *lay, const cv_layout_input *in)
{
    if (in->label_column_w > 0)
        return in->label_column_w;
    int widest = 0;
    for (uint32_t i = 0; i < in->trace->lane_count && i < 256; i++) {
        int w = text_width(in, CV_FONT_LABEL, in->trace->lanes[i].name);
        if (w > widest)
            widest = w;
    }
    int tid_w = text_width(in, CV_FONT_SMALL, "pid 4194304");
    if (tid_w > widest)
        widest = tid_w;
    int min_w = cv_layout_px(lay, LABEL_COLUMN_MIN_W),
        max_w = cv_layout_px(lay, LABEL_COLUMN_MAX_W);
    widest += cv_layout_px(lay, 2 * in->spacing->medium);
    return widest < min_w ? min_w : widest > max_w ? max_w : widest;
}

/* The lanes, the statistics column and the buffer rows under the legend. */
static void place_lanes(cv_layout *lay, const cv_layout_input *in, int top)
{
    const cv_spacing *sp = in->spacing;
    int m = lay->margin;
    int gap = cv_layout_px(lay, sp->large);
    int label_w = label_column_width(lay, in);
    int stats_w = cv_layout_px(lay, STATS_COLUMN_W);
    if (stats_w > lay->bounds.w / 4)
        stats_w = lay->bounds.w / 4;
    int small_h = line_height(in, CV_FONT_SMALL);
    int body_h = line_height(in, CV_FONT_BODY);

    int column_titles_h = small_h + cv_layout_px(lay, sp->tight);
    int axis_h = small_h + cv_layout_px(lay, AXIS_TICK_ROOM);
    int strip_h = cv_layout_px(lay, STRIP_H);
    int slots_h = body_h * 2 + cv_layout_px(lay, sp->medium);
    int band_gap = cv_layout_px(lay, sp->small);
    int lanes_top = top + column_titles_h;
    int bottom = lay->bounds.y + lay->bounds.h - m;
    int available = bottom - lanes_top - strip_h - axis_h - slots_h - gap;
    uint32_t lanes = in->trace->lane_count;
    int min_lane = cv_layout_px(lay, LANE_MIN_H);
    bool show_slots = true, show_strip = true;
    if (lanes > 0 && available < (int)lanes * min_lane) {
        /* Tight: give the lanes what the buffer rows can spare. */
        strip_h = cv_layout_px(lay, STRIP_TIGHT_H);
        slots_h = body_h + cv_layout_px(lay, sp->medium);
        available = bottom - lanes_top - strip_h - axis_h - slots_h - gap;
    }
    if (lanes > 0 && available < min_lane) {
        /* Too small for even one lane (big text on a small picture): the
         * slots row goes, then the fill strip and its axis. */
        show_slots = false;
        available = bottom - lanes_top - strip_h - axis_h - band_gap;
        if (available < min_lane) {
            show_strip = false;
            available = bottom - lanes_top;
        }
    }
    if (available < 0)
        available = 0;
    int lane_h = lanes ? available / (int)lanes : 0;
    int max_lane = cv_layout_px(lay, LANE_MAX_H);
    if (lane_h > max_lane) {
        lane_h = max_lane;
        /* Room to spare: a taller fill strip makes the buffer easier to read. */
        int spare = available - (int)lanes * lane_h;
        int grow_max = cv_layout_px(lay, STRIP_GROW_MAX);
        strip_h += spare / 2 < grow_max ? spare / 2 : grow_max;
    }
    if (lane_h < 2)
        lane_h = 2;
    lay->lane_h = lane_h;
    lay->lanes_shown = lanes;
    if (lanes > 0 && (int)lanes * lane_h > available)
        lay->lanes_shown = (uint32_t)(available / lane_h);
    lay->bar_inset = lane_h >= 12 ? lane_h / 8 : 0;

    int plot_x = lay->bounds.x + m + label_w;
    int plot_w = lay->bounds.x + lay->bounds.w - m - stats_w - gap - plot_x;
    if (plot_w < 16)
        plot_w = 16;
    int lanes_h = (int)lay->lanes_shown * lane_h;
    lay->labels = (cv_rect){lay->bounds.x + m, lanes_top, label_w, lanes_h};
    lay->plot = (cv_rect){plot_x, lanes_top, plot_w, lanes_h};
    lay->stats = (cv_rect){plot_x + plot_w + gap, lanes_top, stats_w, lanes_h};
    int y = lanes_top + lanes_h + band_gap;
    if (show_strip) {
        lay->strip = (cv_rect){plot_x, y, plot_w, strip_h};
        y += strip_h;
        lay->axis = (cv_rect){plot_x, y, plot_w, axis_h};
        y += axis_h + band_gap;
    }
    if (show_slots && show_strip)
        lay->slots = (cv_rect){plot_x, y, plot_w, slots_h};

    int title_y = lay->stats.y - small_h - cv_layout_px(lay, sp->hairline);
    int items_w = cv_layout_px(lay, STATS_ITEMS_W);
    int pad = cv_layout_px(lay, sp->medium);
    lay->column_worker = text_at(CV_FONT_SMALL, lay->labels.x + pad, title_y, CV_ALIGN_LEFT, 0);
    lay->column_items =
        text_at(CV_FONT_SMALL, lay->stats.x + cv_layout_px(lay, STATS_ITEMS_W - sp->medium),
                title_y, CV_ALIGN_RIGHT, 0);
    lay->column_share = text_at(CV_FONT_SMALL, lay->stats.x + items_w, title_y, CV_ALIGN_LEFT,
                                lay->stats.w - items_w);
    if (lay->lanes_shown < lanes)
        lay->more =
            text_at(CV_FONT_SMALL, lay->labels.x, lay->plot.y + lay->plot.h, CV_ALIGN_LEFT, 0);
    lay->tick_min_spacing = cv_layout_px(lay, TICK_MIN_SPACING);
}

/* Header lines below the picture's bottom are left out, not drawn half. */
static void hide_text_below(cv_layout_text *text, const cv_layout_input *in, int bottom)
{
    if (text->shown && text->y + line_height(in, text->style) > bottom)
        text->shown = false;
}

static void hide_what_does_not_fit(cv_layout *lay, const cv_layout_input *in)
{
    int bottom = lay->bounds.y + lay->bounds.h;
    hide_text_below(&lay->facts[0], in, bottom);
    hide_text_below(&lay->facts[1], in, bottom);
    hide_text_below(&lay->warning, in, bottom);
    hide_text_below(&lay->explanation, in, bottom);
    if (lay->banner.y + lay->banner.h > bottom) {
        lay->banner = (cv_rect){0};
        lay->banner_text.shown = false;
    }
    if (lay->header.y + lay->header.h > bottom)
        lay->header.h = bottom - lay->header.y;
}

void cv_layout_compute(cv_layout *lay, const cv_layout_input *in)
{
    assert(in->trace && in->caption && in->text && in->spacing);
    *lay = (cv_layout){0};
    lay->bounds = in->bounds;
    lay->scale = in->scale > 0 ? in->scale : 1.0f;
    lay->margin = cv_layout_px(lay, in->spacing->large);
    int y = place_header(lay, in);
    int below_header = y;
    y = place_legend(lay, in, y);
    place_lanes(lay, in, y);
    if (lay->lanes_shown == 0 && in->trace->lane_count > 0) {
        /* No room for a single lane: the lanes matter more than their key. */
        lay->legend_count = 0;
        lay->legend = (cv_rect){0};
        place_lanes(lay, in, below_header);
    }
    hide_what_does_not_fit(lay, in);
}

int cv_layout_label_column_width(const cv_layout_input *in)
{
    cv_layout lay = {.scale = in->scale > 0 ? in->scale : 1.0f};
    cv_layout_input natural = *in;
    natural.label_column_w = 0;
    return label_column_width(&lay, &natural);
}

cv_rect cv_layout_lane_row(const cv_layout *lay, uint32_t lane)
{
    return (cv_rect){lay->labels.x, lay->plot.y + (int)lane * lay->lane_h,
                     lay->stats.x + lay->stats.w - lay->labels.x, lay->lane_h};
}

cv_rect cv_layout_lane_bar(const cv_layout *lay, uint32_t lane)
{
    int h = lay->lane_h - 2 * lay->bar_inset;
    return (cv_rect){lay->plot.x, lay->plot.y + (int)lane * lay->lane_h + lay->bar_inset,
                     lay->plot.w, h < 1 ? 1 : h};
}

cv_rect cv_layout_stat_bar(const cv_layout *lay, uint32_t lane)
{
    cv_rect bar = cv_layout_lane_bar(lay, lane);
    bar.x = lay->stats.x;
    bar.w = lay->stats.w;
    return bar;
}

int cv_layout_band_bottom(const cv_layout *lay)
{
    if (lay->strip.h > 0)
        return lay->strip.y + lay->strip.h;
    return lay->plot.y + lay->plot.h;
}

cv_rect cv_layout_toast(const cv_layout *lay, int box_w, int box_h)
{
    int x = lay->bounds.x + (lay->bounds.w - box_w) / 2;
    int below = lay->slots.h > 0 ? lay->slots.y + lay->slots.h
                                 : cv_layout_ruler(lay).y + cv_layout_ruler(lay).h;
    int bottom = lay->bounds.y + lay->bounds.h - lay->margin;
    if (bottom - below >= box_h)
        return (cv_rect){x, bottom - box_h, box_w, box_h};
    return (cv_rect){x, lay->plot.y + lay->margin, box_w, box_h};
}

cv_rect cv_layout_ruler(const cv_layout *lay)
{
    return (cv_rect){lay->strip.x, lay->strip.y, lay->strip.w,
                     lay->axis.y + lay->axis.h - lay->strip.y};
}
