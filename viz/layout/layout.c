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

/* Steps by which the rest of the picture gives way to the lanes (see cv_layout_compute). */
enum {
    COMPACT_NONE = 0,
    COMPACT_SMALL_TEXT,        /* header lines and legend in the small font, buffer rows tight */
    COMPACT_SHORT_DESCRIPTION, /* the description only beside the title, cut to fit, so
                                  the facts keep their lines */
    COMPACT_ONE_FACT_LINE,     /* the brief facts on one line, cut to fit */
    COMPACT_NO_SLOTS,          /* no slots row (the fill strip still shows the buffer); the
                                  margins stay, so stacked panes' plots line up */
    COMPACT_NO_LEGEND,         /* no legend; the description only beside the title */
    COMPACT_NO_RULER,          /* no fill strip and time axis */
    COMPACT_TITLE_ONLY,        /* of the header only the title line and the banner; no column
                                  titles */
    COMPACT_LEVELS
};

float cv_layout_picture_scale(int pixels_high)
{
    float scale = (float)pixels_high / 800.0f;
    return scale < 0.8f ? 0.8f : scale;
}

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
static size_t words_that_fit(const cv_layout_input *in, cv_font_style style, const char *text,
                             int max_w)
{
    char prefix[CV_DESCRIPTION_MAX];
    size_t best = 0;
    for (size_t i = 1; text[i] != '\0' && i < sizeof prefix; i++) {
        if (text[i] != ' ')
            continue;
        memcpy(prefix, text, i);
        prefix[i] = '\0';
        if (text_width(in, style, prefix) > max_w)
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

/* What the caption puts between the facts (cv_caption_make): " · ". */
#define FACT_SEPARATOR " \xC2\xB7 "

/* One more line of lines, bytes [from, to) of its text; returns the y below it. */
static int add_line(cv_layout_lines *lines, cv_font_style style, size_t from, size_t to, int x,
                    int y, int max_w, int line_h)
{
    int line = lines->count++;
    lines->at[line] = text_at(style, x, y, CV_ALIGN_LEFT, max_w);
    lines->from[line] = from;
    lines->to[line] = to;
    return y + line_h;
}

size_t cv_layout_fit_pieces(const cv_text_measurer *text, cv_font_style style, const char *string,
                            size_t from, size_t to, const char *separator, int max_w)
{
    size_t gap = strlen(separator);
    size_t fits = from;
    bool taken = false; /* a piece is on the line (it may be empty: a leading separator) */
    char candidate_text[1024];
    while (fits < to) {
        const char *next = strstr(string + fits + (taken ? gap : 0), separator);
        size_t candidate = next && (size_t)(next - string) < to ? (size_t)(next - string) : to;
        snprintf(candidate_text, sizeof candidate_text, "%.*s", (int)(candidate - from),
                 string + from);
        int w = 0, h = 0;
        text->measure(text->ctx, style, candidate_text, &w, &h);
        if (taken && w > max_w)
            break;
        fits = candidate;
        taken = true;
    }
    return fits;
}

/*
 * Bytes [from, to) of text onto as few more lines as fit (up to lines_max
 * in all), broken only at `separator`: the first line of all max_first wide,
 * the others max_other. A piece wider than a line has a line of its own, cut
 * there; the last line allowed takes all that is left. Returns the y below.
 */
static int wrap_at(cv_layout_lines *lines, int lines_max, const cv_layout_input *in,
                   cv_font_style style, const char *text, const char *separator, size_t from,
                   size_t to, int x, int y, int max_first, int max_other)
{
    size_t gap = strlen(separator);
    int line_h = line_height(in, style);
    if (lines_max > CV_LAYOUT_LINES_MAX)
        lines_max = CV_LAYOUT_LINES_MAX;
    while (from < to && lines->count < lines_max) {
        int max_w = lines->count == 0 ? max_first : max_other;
        size_t end = lines->count < lines_max - 1
                         ? cv_layout_fit_pieces(in->text, style, text, from, to, separator, max_w)
                         : to;
        y = add_line(lines, style, from, end, x, y, max_w, line_h);
        from = end < to ? end + gap : to;
    }
    return y;
}

void cv_layout_line_text(const cv_layout_lines *lines, const char *text, int line, char *out,
                         size_t out_size)
{
    size_t length = strlen(text);
    if (line < 0 || line >= lines->count || lines->from[line] > length) {
        snprintf(out, out_size, "%s", "");
        return;
    }
    size_t to = lines->to[line] < length ? lines->to[line] : length;
    snprintf(out, out_size, "%.*s", (int)(to - lines->from[line]), text + lines->from[line]);
}

const char *cv_layout_facts_text(const cv_layout *lay, const cv_caption *caption)
{
    return lay->facts_brief ? caption->facts_brief : caption->facts;
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
    /* Squeezed for the lanes: the lines under the title in the small font. */
    cv_font_style body = lay->compact >= COMPACT_SMALL_TEXT ? CV_FONT_SMALL : CV_FONT_BODY;
    int body_h = line_height(in, body);
    int y = lay->bounds.y + m;

    int banner_left = right;
    if (cap->banner[0]) {
        int bw = 0, bh = 0;
        in->text->measure(in->text->ctx, CV_FONT_BANNER, cap->banner, &bw, &bh);
        int pad = cv_layout_px(lay, sp->loose);
        /* Squeezed to one line of facts: the banner no taller than the title, so
         * that line has the whole width. */
        int box_h = lay->compact >= COMPACT_ONE_FACT_LINE ? title_h : title_h + body_h;
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
    if (cap->description[0] && lay->compact >= COMPACT_SHORT_DESCRIPTION) {
        /* Squeezed hard: the description only beside the title, cut to fit. */
        if (beside)
            lay->description = text_at(body, desc_x, desc_y, CV_ALIGN_LEFT, desc_right - desc_x);
    } else if (cap->description[0] &&
               text_width(in, body, cap->description) > desc_right - desc_x) {
        /* Too long beside the title (a wide banner): the words that fit there, the
         * rest on a line of its own, beside the banner, rather than cut short. */
        size_t split = beside ? words_that_fit(in, body, cap->description, desc_right - desc_x) : 0;
        if (split > 0) {
            lay->description = text_at(body, desc_x, desc_y, CV_ALIGN_LEFT, desc_right - desc_x);
            lay->description_split = split;
            lay->description_more = text_at(body, left, y, CV_ALIGN_LEFT, desc_right - left);
        } else {
            lay->description = text_at(body, left, y, CV_ALIGN_LEFT, desc_right - left);
        }
        y += body_h;
    } else if (cap->description[0] && beside) {
        lay->description = text_at(body, desc_x, desc_y, CV_ALIGN_LEFT, desc_right - desc_x);
    }

    if (lay->compact >= COMPACT_TITLE_ONLY) {
        /* The last step: the title line (and banner) alone. */
        y += cv_layout_px(lay, sp->small);
        lay->header = (cv_rect){lay->bounds.x, lay->bounds.y, width, y - lay->bounds.y};
        return y;
    }
    /* Lines beside the banner end before it; those below it may take the whole width. */
    int facts_max =
        lay->banner.w > 0 && y < lay->banner.y + lay->banner.h ? title_max : width - 2 * m;
    size_t facts_length = strlen(cap->facts);
    int wide = width - 2 * m;
    if (text_width(in, body, cap->facts) <= facts_max) {
        y = add_line(&lay->facts, body, 0, facts_length, left, y, facts_max, body_h);
    } else if (lay->compact >= COMPACT_ONE_FACT_LINE) {
        /* One line: what the lesson is about and how far it got. */
        lay->facts_brief = true;
        y = add_line(&lay->facts, body, 0, strlen(cap->facts_brief), left, y, facts_max, body_h);
    } else {
        /* Big text on a small screen: the setup, then the progress, each
         * wrapped at its separators. */
        size_t setup_length = strlen(cap->setup);
        size_t progress_from = setup_length + strlen(FACT_SEPARATOR);
        if (setup_length > facts_length || progress_from > facts_length)
            setup_length = progress_from = facts_length; /* no progress: all setup */
        y = wrap_at(&lay->facts, CV_LAYOUT_LINES_MAX, in, body, cap->facts, FACT_SEPARATOR, 0,
                    setup_length, left, y, facts_max, wide);
        if (progress_from < facts_length)
            y = wrap_at(&lay->facts, CV_LAYOUT_LINES_MAX, in, body, cap->facts, FACT_SEPARATOR,
                        progress_from, facts_length, left, y, wide, wide);
    }
    if (cap->warning[0]) {
        cv_font_style bold = body == CV_FONT_SMALL ? CV_FONT_SMALL : CV_FONT_LABEL;
        lay->warning = text_at(bold, left, y, CV_ALIGN_LEFT, width - 2 * m);
        y += line_height(in, bold);
    }
    if (cap->explanation[0]) {
        /* The lesson's point (who waits for whom, which items were lost):
         * wrapped rather than cut, on fewer lines as the lanes need room. */
        int lines_max = lay->compact < COMPACT_ONE_FACT_LINE ? 3
                        : lay->compact < COMPACT_NO_LEGEND   ? 2
                                                             : 1;
        y = wrap_at(&lay->explanation, lines_max, in, body, cap->explanation, " ", 0,
                    strlen(cap->explanation), left, y, wide, wide);
    }
    y += cv_layout_px(lay, sp->small);
    lay->header = (cv_rect){lay->bounds.x, lay->bounds.y, width, y - lay->bounds.y};
    return y;
}

/* The legend's entries; squeezed, only the states the run has been in (when known). */
static int fill_legend_entries(cv_legend_entry out[CV_LEGEND_MAX], const char *long_labels[],
                               const char *short_labels[], uint32_t states_seen)
{
    int n = 0;
    for (int s = 0; s < CV_STATE_COUNT; s++) {
        if (states_seen && !(states_seen & (1u << s)))
            continue;
        out[n] = (cv_legend_entry){.kind = CV_LEGEND_STATE, .state = s};
        long_labels[n] = cv_state_label((cv_state)s);
        short_labels[n++] = cv_state_short_label((cv_state)s);
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
static int legend_rows(const cv_layout_input *in, cv_font_style style, const char *labels[], int n,
                       int fixed_w, int gap, int room)
{
    int rows = 1, x = 0;
    for (int i = 0; i < n; i++) {
        int item_w = fixed_w + text_width(in, style, labels[i]);
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
 * wrapped as needed. Squeezed for the lanes, it is in the small font and
 * takes two rows only when the short labels cannot do with one. Returns the
 * y below it. */
static int place_legend(cv_layout *lay, const cv_layout_input *in, int y)
{
    const cv_spacing *sp = in->spacing;
    const char *long_labels[CV_LEGEND_MAX], *short_labels[CV_LEGEND_MAX];
    bool squeezed = lay->compact >= COMPACT_SMALL_TEXT;
    int n = fill_legend_entries(lay->legend_entries, long_labels, short_labels,
                                squeezed ? in->states_seen : 0);
    lay->legend_count = n;
    int m = lay->margin;
    cv_font_style style = squeezed ? CV_FONT_SMALL : CV_FONT_BODY;
    int h = line_height(in, style);
    int swatch = cv_layout_px(lay, sp->swatch);
    if (squeezed && swatch > h * 3 / 4)
        swatch = h * 3 / 4;
    int gap = cv_layout_px(lay, squeezed ? sp->medium : sp->wide);
    int to_text = cv_layout_px(lay, sp->small);
    int room = lay->bounds.w - 2 * m;
    int long_rows = legend_rows(in, style, long_labels, n, swatch + to_text, gap, room);
    const char **labels = long_rows <= (squeezed ? 1 : 2) ? long_labels : short_labels;
    int left = lay->bounds.x + m;
    int right = lay->bounds.x + lay->bounds.w - m;
    int top = y;
    int x = left;
    for (int i = 0; i < n; i++) {
        cv_legend_entry *e = &lay->legend_entries[i];
        e->label = labels[i];
        int item_w = swatch + to_text + text_width(in, style, e->label);
        if (x > left && x + item_w > right) {
            x = left;
            y += h + cv_layout_px(lay, sp->tight);
        }
        e->swatch = (cv_rect){x, y + (h - swatch) / 2, swatch, swatch};
        e->text = text_at(style, x + swatch + to_text, y, CV_ALIGN_LEFT, 0);
        x += item_w + gap;
    }
    y += h + cv_layout_px(lay, sp->medium);
    lay->legend = (cv_rect){lay->bounds.x, top, lay->bounds.w, y - top};
    return y;
}

/* The items count's part of the statistics column, left of the share bar. */
static int items_column_width(const cv_layout *lay)
{
    int w = cv_layout_px(lay, STATS_ITEMS_W);
    return w > lay->stats.w / 2 ? lay->stats.w / 2 : w;
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

/* How the lane labels and the items column fit a lane of this height: the
 * name in bold with the tid/pid under it, the name alone, the name in the
 * small font, or (lanes thinner than a line) a name every few lanes; the
 * items as a number in the body or the small font, or as a bar. */
static void choose_lane_text(cv_layout *lay, const cv_layout_input *in)
{
    int label_h = line_height(in, CV_FONT_LABEL);
    int small_h = line_height(in, CV_FONT_SMALL);
    int body_h = line_height(in, CV_FONT_BODY);
    int h = lay->lane_h;
    lay->lane_id_shown = h >= label_h + small_h;
    lay->lane_label_style = h >= label_h ? CV_FONT_LABEL : CV_FONT_SMALL;
    lay->lane_label_every = h >= small_h ? 1 : (uint32_t)((small_h + h - 1) / (h > 0 ? h : 1));
    if (h - 2 * lay->bar_inset >= body_h)
        lay->items_style = CV_ITEMS_BODY;
    else if (h >= small_h)
        lay->items_style = CV_ITEMS_SMALL;
    else
        lay->items_style = CV_ITEMS_BAR;
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

    bool column_titles = lay->compact < COMPACT_TITLE_ONLY;
    int column_titles_h = column_titles ? small_h + cv_layout_px(lay, sp->tight) : 0;
    int axis_h = small_h + cv_layout_px(lay, AXIS_TICK_ROOM);
    int strip_h = cv_layout_px(lay, STRIP_H);
    int slots_h = body_h * 2 + cv_layout_px(lay, sp->medium);
    int band_gap = cv_layout_px(lay, sp->small);
    int lanes_top = top + column_titles_h;
    int bottom = lay->bounds.y + lay->bounds.h - m;
    uint32_t lanes = in->trace->lane_count;
    int min_lane = cv_layout_px(lay, LANE_MIN_H);
    bool show_slots = lay->compact < COMPACT_NO_SLOTS;
    bool show_strip = lay->compact < COMPACT_NO_RULER;
    int available = bottom - lanes_top - strip_h - axis_h - slots_h - gap;
    if (lay->compact >= COMPACT_SMALL_TEXT || (lanes > 0 && available < (int)lanes * min_lane)) {
        /* Tight: give the lanes what the buffer rows can spare. */
        strip_h = cv_layout_px(lay, STRIP_TIGHT_H);
        slots_h = body_h + cv_layout_px(lay, sp->medium);
    }
    if (!show_strip)
        available = bottom - lanes_top;
    else if (!show_slots)
        available = bottom - lanes_top - strip_h - axis_h - band_gap;
    else
        available = bottom - lanes_top - strip_h - axis_h - slots_h - gap;
    if (lanes > 0 && available < min_lane && show_slots) {
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
    /* Lanes first: however few there are, they fill at least half the picture. */
    int max_lane = cv_layout_px(lay, LANE_MAX_H);
    int half_lane = lanes ? (lay->bounds.h / 2 + (int)lanes - 1) / (int)lanes : 0;
    if (max_lane < half_lane)
        max_lane = half_lane;
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
    choose_lane_text(lay, in);
    lay->label_pad = cv_layout_px(lay, sp->medium);
    lay->label_h = line_height(in, CV_FONT_LABEL);
    lay->small_h = small_h;
    lay->body_h = body_h;

    int plot_x = lay->bounds.x + m + label_w;
    int plot_w = lay->bounds.x + lay->bounds.w - m - stats_w - gap - plot_x;
    if (plot_w < 16)
        plot_w = 16;
    int lanes_h = (int)lay->lanes_shown * lane_h;
    lay->labels = (cv_rect){lay->bounds.x + m, lanes_top, label_w, lanes_h};
    lay->plot = (cv_rect){plot_x, lanes_top, plot_w, lanes_h};
    lay->stats = (cv_rect){plot_x + plot_w + gap, lanes_top, stats_w, lanes_h};
    lay->strip = lay->axis = lay->slots = (cv_rect){0};
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
    int items_w = items_column_width(lay);
    int pad = cv_layout_px(lay, sp->medium);
    lay->column_worker = text_at(CV_FONT_SMALL, lay->labels.x + pad, title_y, CV_ALIGN_LEFT, 0);
    lay->column_items =
        text_at(CV_FONT_SMALL, lay->stats.x + items_w - pad, title_y, CV_ALIGN_RIGHT, 0);
    lay->column_share = text_at(CV_FONT_SMALL, lay->stats.x + items_w, title_y, CV_ALIGN_LEFT,
                                lay->stats.w - items_w);
    /* The longest wording of the share column's title that fits, rather than a cut one. */
    static const char *const share_titles[] = {"share of time by state", "share of time", "time"};
    size_t title = 0;
    while (title + 1 < sizeof share_titles / sizeof share_titles[0] &&
           text_width(in, CV_FONT_SMALL, share_titles[title]) > lay->stats.w - items_w)
        title++;
    lay->column_share_title = share_titles[title];
    lay->column_worker.shown = lay->column_items.shown = lay->column_share.shown = column_titles;
    lay->more = (cv_layout_text){0};
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
    for (int line = 0; line < lay->facts.count; line++)
        hide_text_below(&lay->facts.at[line], in, bottom);
    hide_text_below(&lay->warning, in, bottom);
    for (int line = 0; line < lay->explanation.count; line++)
        hide_text_below(&lay->explanation.at[line], in, bottom);
    if (lay->banner.y + lay->banner.h > bottom) {
        lay->banner = (cv_rect){0};
        lay->banner_text.shown = false;
    }
    if (lay->header.y + lay->header.h > bottom)
        lay->header.h = bottom - lay->header.y;
}

/* Lanes first: do the lanes have at least half the picture, all of them,
 * each tall enough for a line of text where that is possible at all? */
static bool lanes_come_first(const cv_layout *lay, const cv_layout_input *in)
{
    uint32_t lanes = in->trace->lane_count;
    if (lanes == 0)
        return true;
    /* The lanes area is the workers' lanes and the buffer's (the fill strip,
     * a lane of the same timeline): counting the workers' alone, 3 lanes at
     * --scale 2 in 1920x1080 lost the slots row for 15 px. */
    if (lay->lanes_shown < lanes || (lay->plot.h + lay->strip.h) * 2 < lay->bounds.h)
        return false;
    int small_h = line_height(in, CV_FONT_SMALL);
    bool text_possible = (int64_t)lanes * small_h <= (int64_t)lay->bounds.h * 2 / 3;
    return lay->lane_label_every == 1 || !text_possible;
}

static void lay_out_at(cv_layout *lay, const cv_layout_input *in, int compact)
{
    *lay = (cv_layout){0};
    lay->bounds = in->bounds;
    lay->scale = in->scale > 0 ? in->scale : 1.0f;
    lay->compact = compact;
    lay->margin = cv_layout_px(lay, in->spacing->large);
    int y = place_header(lay, in);
    int below_header = y;
    if (compact < COMPACT_NO_LEGEND)
        y = place_legend(lay, in, y);
    place_lanes(lay, in, y);
    if (lay->lanes_shown == 0 && in->trace->lane_count > 0 && lay->legend_count > 0) {
        /* No room for a single lane: the lanes matter more than their key. */
        lay->legend_count = 0;
        lay->legend = (cv_rect){0};
        place_lanes(lay, in, below_header);
    }
    hide_what_does_not_fit(lay, in);
}

void cv_layout_compute(cv_layout *lay, const cv_layout_input *in)
{
    assert(in->trace && in->caption && in->text && in->spacing);
    /* The header, the legend and the buffer rows give way step by step
     * (smaller text, the description beside the title only, one line of
     * facts, no slots, no legend, no ruler, the title line alone) until
     * the lanes come first; the last step is taken if none is enough. */
    for (int compact = COMPACT_NONE; compact < COMPACT_LEVELS; compact++) {
        lay_out_at(lay, in, compact);
        lay->lanes_first = lanes_come_first(lay, in);
        if (lay->lanes_first)
            return;
    }
}

bool cv_layout_text_too_big(const cv_layout *lay)
{
    return !lay->lanes_first || lay->compact >= COMPACT_NO_LEGEND;
}

bool cv_layout_lane_label(const cv_layout *lay, uint32_t lane, cv_layout_text *name,
                          cv_layout_text *id)
{
    *name = *id = (cv_layout_text){0};
    if (lane >= lay->lanes_shown || lay->lane_label_every == 0 || lane % lay->lane_label_every)
        return false;
    int pad = lay->label_pad;
    int x = lay->labels.x + pad;
    int max_w = lay->labels.w - pad;
    int y = lay->plot.y + (int)lane * lay->lane_h;
    if (lay->lane_id_shown) {
        int top = y + (lay->lane_h - lay->label_h - lay->small_h) / 2;
        *name = text_at(CV_FONT_LABEL, x, top, CV_ALIGN_LEFT, max_w);
        *id = text_at(CV_FONT_SMALL, x, top + lay->label_h, CV_ALIGN_LEFT, max_w);
        return true;
    }
    int h = lay->lane_label_style == CV_FONT_LABEL ? lay->label_h : lay->small_h;
    /* A name taller than its lane is centred on it, but kept in the column. */
    int top = y + (lay->lane_h - h) / 2;
    int lowest = lay->labels.y + lay->labels.h - h;
    top = top > lowest ? lowest : top;
    top = top < lay->labels.y ? lay->labels.y : top;
    *name = text_at(lay->lane_label_style, x, top, CV_ALIGN_LEFT, max_w);
    return true;
}

cv_rect cv_layout_items_cell(const cv_layout *lay, uint32_t lane)
{
    cv_rect bar = cv_layout_stat_bar(lay, lane);
    int pad = lay->label_pad;
    int w = items_column_width(lay) - pad;
    return (cv_rect){bar.x, bar.y, w > 1 ? w : 1, bar.h};
}

cv_layout_text cv_layout_items_text(const cv_layout *lay, uint32_t lane)
{
    if (lane >= lay->lanes_shown || lay->items_style == CV_ITEMS_BAR)
        return (cv_layout_text){0};
    cv_rect cell = cv_layout_items_cell(lay, lane);
    cv_font_style style = lay->items_style == CV_ITEMS_BODY ? CV_FONT_BODY : CV_FONT_SMALL;
    int h = style == CV_FONT_BODY ? lay->body_h : lay->small_h;
    int y = lay->plot.y + (int)lane * lay->lane_h + (lay->lane_h - h) / 2;
    return text_at(style, cell.x + cell.w, y, CV_ALIGN_RIGHT, 0);
}

void cv_layout_items_title(const cv_layout *lay, uint64_t most_items, char *out, size_t size)
{
    if (lay->items_style == CV_ITEMS_BAR)
        snprintf(out, size, "items (bar = %llu)", (unsigned long long)most_items);
    else
        snprintf(out, size, "items");
}

int cv_layout_share_x(const cv_layout *lay)
{
    return lay->stats.x + items_column_width(lay);
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
