/*
 * renderer.c — the picture of a run (see renderer.h).
 *
 * Layout, top to bottom: header (scenario, facts, outcome banner, warnings),
 * legend, lanes with a label column on the left and a statistics column on
 * the right, the buffer fill strip under the lanes on the same time axis, the
 * tick labels, and the buffer's slots at the current moment.
 *
 * Frame cost is bounded by pixels, not events: each lane is one timeline
 * query for as many columns as the plot is wide, runs of equal columns become
 * one rectangle, and rectangles are batched per colour so the whole lane area
 * is a handful of SDL_RenderFillRects calls. Text comes from the text cache.
 */
#include "render/renderer.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/axis.h"
#include "timeline/buffer_slots.h"
#include "timeline/lane_stats.h"
#include "render/text.h"

#define MAX_SLOT_BOXES 64
#define BATCH_MARKS CV_STATE_COUNT
#define BATCH_FILL (CV_STATE_COUNT + 1)
#define BATCH_COUNT (CV_STATE_COUNT + 2)

typedef struct rect_batch {
    SDL_Rect *rects;
    int count;
    int capacity;
} rect_batch;

typedef struct layout {
    int width, height;
    int margin;
    SDL_Rect labels; /* lane labels, left of the plot */
    SDL_Rect plot;   /* the lanes' time area */
    SDL_Rect stats;  /* per-worker statistics, right of the plot */
    SDL_Rect strip;  /* buffer fill over time, under the plot */
    SDL_Rect axis;   /* tick labels */
    SDL_Rect slots;  /* the buffer's slots at the current moment */
    int lane_h;      /* pitch of one lane */
    int bar_inset;   /* space above and below a bar inside its lane */
    uint32_t lanes_shown;
} layout;

struct cv_renderer {
    SDL_Renderer *sdl;
    const cv_theme *theme;
    float scale;
    cv_text *text;
    cv_column *columns;
    uint32_t *fill;
    uint32_t column_capacity;
    rect_batch batches[BATCH_COUNT];
    cv_lane_stats stats;
    layout lay;
    SDL_Texture *lane_texture; /* dense lanes, one texel per column (see batch_lane) */
    int lane_texture_w, lane_texture_h;
    bool *lane_textured; /* per lane this frame: drawn from the texture */
    uint32_t lane_textured_capacity;
};

static int px(const cv_renderer *r, float points)
{
    return (int)lroundf(points * r->scale);
}

static void set_colour(cv_renderer *r, cv_rgb c)
{
    SDL_SetRenderDrawColor(r->sdl, c.r, c.g, c.b, 255);
}

static void fill_rect(cv_renderer *r, int x, int y, int w, int h, cv_rgb c)
{
    SDL_Rect rect = {x, y, w, h};
    set_colour(r, c);
    SDL_RenderFillRect(r->sdl, &rect);
}

static void outline_rect(cv_renderer *r, int x, int y, int w, int h, int thickness, cv_rgb c)
{
    fill_rect(r, x, y, w, thickness, c);
    fill_rect(r, x, y + h - thickness, w, thickness, c);
    fill_rect(r, x, y, thickness, h, c);
    fill_rect(r, x + w - thickness, y, thickness, h, c);
}

static void batch_push(rect_batch *b, int x, int y, int w, int h)
{
    if (b->count == b->capacity) {
        int capacity = b->capacity ? b->capacity * 2 : 256;
        SDL_Rect *rects = realloc(b->rects, (size_t)capacity * sizeof *rects);
        if (!rects)
            return; /* out of memory: this rectangle is not drawn, nothing worse */
        b->rects = rects;
        b->capacity = capacity;
    }
    b->rects[b->count++] = (SDL_Rect){x, y, w, h};
}

static void batch_flush(cv_renderer *r, int index, cv_rgb colour)
{
    rect_batch *b = &r->batches[index];
    if (b->count > 0) {
        set_colour(r, colour);
        SDL_RenderFillRects(r->sdl, b->rects, b->count);
    }
    b->count = 0;
}

static bool ensure_columns(cv_renderer *r, uint32_t columns)
{
    if (columns <= r->column_capacity)
        return true;
    cv_column *c = realloc(r->columns, columns * sizeof *c);
    if (!c)
        return false;
    r->columns = c;
    uint32_t *f = realloc(r->fill, columns * sizeof *f);
    if (!f)
        return false;
    r->fill = f;
    r->column_capacity = columns;
    return true;
}

static bool ensure_lane_flags(cv_renderer *r, uint32_t lanes)
{
    if (lanes <= r->lane_textured_capacity)
        return true;
    bool *flags = realloc(r->lane_textured, lanes * sizeof *flags);
    if (!flags)
        return false;
    r->lane_textured = flags;
    r->lane_textured_capacity = lanes;
    return true;
}

cv_status cv_renderer_create(SDL_Renderer *sdl, const cv_theme *theme, float scale,
                             cv_renderer **out, cv_error *err)
{
    cv_renderer *r = calloc(1, sizeof *r);
    if (!r)
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for the renderer");
    r->sdl = sdl;
    r->theme = theme ? theme : cv_theme_get(CV_THEME_LIGHT);
    r->scale = scale > 0 ? scale : 1.0f;
    cv_status st = cv_text_create(sdl, r->scale, &r->text, err);
    if (st != CV_OK) {
        free(r);
        return st;
    }
    /* Opaque fills: a software renderer blends per pixel when the draw blend
     * mode is BLEND, several times slower than a plain fill. Only the help
     * overlay's dimming switches blending on, for one rectangle. */
    SDL_SetRenderDrawBlendMode(sdl, SDL_BLENDMODE_NONE);
    *out = r;
    return CV_OK;
}

void cv_renderer_destroy(cv_renderer *r)
{
    if (!r)
        return;
    cv_text_destroy(r->text);
    for (int i = 0; i < BATCH_COUNT; i++)
        free(r->batches[i].rects);
    free(r->columns);
    free(r->fill);
    free(r->lane_textured);
    if (r->lane_texture)
        SDL_DestroyTexture(r->lane_texture);
    cv_lane_stats_free(&r->stats);
    free(r);
}

cv_status cv_renderer_set_scale(cv_renderer *r, float scale, cv_error *err)
{
    if (scale <= 0)
        return cv_fail(err, CV_ERR_USAGE, "", 0, "the scale must be positive, not %g",
                       (double)scale);
    cv_status st = cv_text_set_scale(r->text, scale, err);
    if (st == CV_OK)
        r->scale = scale;
    return st;
}

float cv_renderer_scale(const cv_renderer *r)
{
    return r->scale;
}

void cv_renderer_set_theme(cv_renderer *r, const cv_theme *theme)
{
    r->theme = theme;
}

SDL_Rect cv_renderer_plot_rect(const cv_renderer *r)
{
    return r->lay.plot;
}

SDL_Rect cv_renderer_ruler_rect(const cv_renderer *r)
{
    const layout *lay = &r->lay;
    return (SDL_Rect){lay->strip.x, lay->strip.y, lay->strip.w,
                      lay->axis.y + lay->axis.h - lay->strip.y};
}

void cv_renderer_end_frame(cv_renderer *r)
{
    cv_text_end_frame(r->text);
}

/* ---- time <-> pixels ---------------------------------------------------- */

static double ns_per_px(const cv_render_frame *f, const SDL_Rect *plot)
{
    int64_t span = f->view_t1_ns - f->view_t0_ns;
    return plot->w > 0 && span > 0 ? (double)span / plot->w : 1.0;
}

static int x_of_time(const cv_render_frame *f, const SDL_Rect *plot, int64_t t_ns)
{
    return plot->x + (int)floor((double)(t_ns - f->view_t0_ns) / ns_per_px(f, plot));
}

static int64_t time_of_x(const cv_render_frame *f, const SDL_Rect *plot, int x)
{
    return f->view_t0_ns + (int64_t)((x - plot->x) * ns_per_px(f, plot));
}

/* Columns of the plot that lie before now (nothing is drawn after it). */
static uint32_t visible_columns(const cv_render_frame *f, const SDL_Rect *plot)
{
    if (plot->w <= 0 || f->now_ns <= f->view_t0_ns)
        return 0;
    double cols = ceil((double)(f->now_ns - f->view_t0_ns) / ns_per_px(f, plot));
    return cols >= plot->w ? (uint32_t)plot->w : (uint32_t)cols;
}

/* ---- header ------------------------------------------------------------- */

static void count_roles(const cv_trace *trace, uint32_t *producers, uint32_t *consumers)
{
    *producers = *consumers = 0;
    for (uint32_t i = 0; i < trace->lane_count; i++) {
        if (trace->lanes[i].role == CV_ROLE_PRODUCER)
            (*producers)++;
        else
            (*consumers)++;
    }
}

static void totals(const cv_renderer *r, const cv_render_frame *f, uint64_t *produced,
                   uint64_t *consumed)
{
    if (f->result) {
        *produced = f->result->items_produced;
        *consumed = f->result->items_consumed;
        return;
    }
    if (f->have_progress) {
        *produced = f->produced;
        *consumed = f->consumed;
        return;
    }
    *produced = *consumed = 0;
    for (uint32_t i = 0; i < r->stats.lane_count; i++) {
        if (f->trace->lanes[i].role == CV_ROLE_PRODUCER)
            *produced += r->stats.lanes[i].items;
        else
            *consumed += r->stats.lanes[i].items;
    }
}

/* The banner's words and colour: the outcome once over, else the caller's status. */
static bool banner_text(const cv_renderer *r, const cv_render_frame *f, char *out, size_t size,
                        cv_rgb *colour)
{
    cv_outcome outcome = f->result ? f->result->outcome : f->trace->outcome;
    bool over = f->trace->finished || (f->result && outcome != CV_OUTCOME_RUNNING);
    if (over && f->now_ns >= f->trace->end_ns) {
        *colour = cv_theme_outcome_colour(r->theme, outcome);
        switch (outcome) {
        case CV_OUTCOME_COMPLETED:
            snprintf(out, size, "%s",
                     f->result && !f->result->ledger_ok ? "COMPLETED, LEDGER BROKEN"
                                                        : "COMPLETED \xE2\x9C\x93");
            if (f->result && !f->result->ledger_ok)
                *colour = r->theme->bad;
            break;
        case CV_OUTCOME_LEDGER_VIOLATION:
            snprintf(out, size, "RACE: ITEMS LOST / DUPLICATED");
            break;
        case CV_OUTCOME_DEADLOCK:
            snprintf(out, size, "DEADLOCK");
            break;
        case CV_OUTCOME_WORKER_DIED:
            snprintf(out, size, "WORKER DIED");
            break;
        case CV_OUTCOME_STOPPED:
            snprintf(out, size, "STOPPED");
            break;
        default:
            snprintf(out, size, "%s", cv_outcome_name(outcome));
            break;
        }
        return true;
    }
    if (f->status && f->status[0]) {
        snprintf(out, size, "%s", f->status);
        *colour = r->theme->neutral;
        return true;
    }
    return false;
}

static int draw_header(cv_renderer *r, const cv_render_frame *f, int width)
{
    const cv_theme *th = r->theme;
    const cv_trace *trace = f->trace;
    int m = px(r, 12);
    int title_h = cv_text_line_height(r->text, CV_FONT_TITLE);
    int body_h = cv_text_line_height(r->text, CV_FONT_BODY);
    int y = m;

    char banner[96];
    cv_rgb banner_colour;
    int banner_left = width - m;
    if (banner_text(r, f, banner, sizeof banner, &banner_colour)) {
        int bw, bh;
        cv_text_measure(r->text, CV_FONT_BANNER, banner, &bw, &bh);
        int pad = px(r, 14);
        int box_h = title_h + body_h;
        int box_w = bw + 2 * pad;
        banner_left = width - m - box_w;
        fill_rect(r, banner_left, y, box_w, box_h, banner_colour);
        cv_text_draw(r->text, CV_FONT_BANNER, banner, th->banner_text, banner_left + pad,
                     y + (box_h - bh) / 2, CV_ALIGN_LEFT, 0);
    }

    const char *name = trace->scenario[0] ? trace->scenario : "(unnamed scenario)";
    int title_w = cv_text_draw(r->text, CV_FONT_TITLE, name, th->foreground, m, y, CV_ALIGN_LEFT,
                               banner_left - 2 * m);
    int desc_x = m + title_w + px(r, 14);
    if (trace->description[0] && desc_x < banner_left - m - px(r, 60))
        cv_text_draw(r->text, CV_FONT_BODY, trace->description, th->text_muted, desc_x,
                     y + title_h - body_h - px(r, 2), CV_ALIGN_LEFT, banner_left - m - desc_x);
    y += title_h;

    uint32_t producers, consumers;
    count_roles(trace, &producers, &consumers);
    uint64_t produced, consumed;
    totals(r, f, &produced, &consumed);
    int64_t elapsed_ns = f->now_ns;
    if (f->result && f->now_ns >= trace->end_ns)
        elapsed_ns = (int64_t)(f->result->elapsed_s * 1e9);
    char elapsed[32];
    cv_format_duration(elapsed_ns, elapsed, sizeof elapsed);
    double seconds = elapsed_ns > 0 ? elapsed_ns / 1e9 : 0;
    char setup[160], progress[160], facts[330];
    snprintf(setup, sizeof setup,
             "%s \xC2\xB7 %u producer%s \xE2\x86\x92 %u consumer%s \xC2\xB7 buffer %u slots",
             cv_backend_name(trace->backend), producers, producers == 1 ? "" : "s", consumers,
             consumers == 1 ? "" : "s", trace->buffer_slots);
    double rate = seconds > 0 ? (double)consumed / seconds : 0.0;
    snprintf(progress, sizeof progress,
             "%s \xC2\xB7 produced %llu \xC2\xB7 consumed %llu \xC2\xB7 %.*f items/s", elapsed,
             (unsigned long long)produced, (unsigned long long)consumed, rate >= 100 ? 0 : 1, rate);
    snprintf(facts, sizeof facts, "%s \xC2\xB7 %s", setup, progress);
    int facts_w, unused;
    cv_text_measure(r->text, CV_FONT_BODY, facts, &facts_w, &unused);
    if (facts_w <= banner_left - 2 * m) {
        cv_text_draw(r->text, CV_FONT_BODY, facts, th->foreground, m, y, CV_ALIGN_LEFT, 0);
        y += body_h;
    } else {
        /* Big text on a small screen: the setup and the progress on lines of their own. */
        cv_text_draw(r->text, CV_FONT_BODY, setup, th->foreground, m, y, CV_ALIGN_LEFT,
                     banner_left - 2 * m);
        y += body_h;
        cv_text_draw(r->text, CV_FONT_BODY, progress, th->foreground, m, y, CV_ALIGN_LEFT,
                     width - 2 * m);
        y += body_h;
    }

    uint64_t dropped = f->result ? f->result->dropped_events : trace->dropped_events;
    if (dropped > 0) {
        char warning[160];
        snprintf(warning, sizeof warning,
                 "\xE2\x9A\xA0 %llu trace events were dropped (the viewer fell behind): the "
                 "lanes have gaps",
                 (unsigned long long)dropped);
        cv_text_draw(r->text, CV_FONT_LABEL, warning, th->warning, m, y, CV_ALIGN_LEFT,
                     width - 2 * m);
        y += body_h;
    }
    bool over = f->now_ns >= trace->end_ns;
    if (f->result && over && f->result->explanation[0]) {
        cv_text_draw(r->text, CV_FONT_BODY, f->result->explanation, th->foreground, m, y,
                     CV_ALIGN_LEFT, width - 2 * m);
        y += body_h;
    }
    return y + px(r, 6);
}

/* ---- legend ------------------------------------------------------------- */

/* One legend entry: a colour swatch (or the put/get ticks) and its words. */
typedef struct legend_entry {
    bool ticks;
    cv_rgb colour;
    const char *label;
    const char *short_label;
} legend_entry;

static int legend_entries(const cv_theme *th, legend_entry out[CV_STATE_COUNT + 2])
{
    int n = 0;
    for (int s = 0; s < CV_STATE_COUNT; s++)
        out[n++] = (legend_entry){false, th->state[s], cv_state_label((cv_state)s),
                                  cv_state_short_label((cv_state)s)};
    /* The put/get ticks and the buffer colour, so every mark on screen is explained. */
    out[n++] = (legend_entry){true, th->put_mark, "put / get", "put/get"};
    out[n++] = (legend_entry){false, th->fill_strip, "items in the buffer", "buffer"};
    return n;
}

static int legend_row_width(cv_renderer *r, const legend_entry *entries, int n, bool short_labels)
{
    int swatch = px(r, 18), gap = px(r, 22), total = 0;
    for (int i = 0; i < n; i++) {
        int w, h;
        cv_text_measure(r->text, CV_FONT_BODY,
                        short_labels ? entries[i].short_label : entries[i].label, &w, &h);
        total += swatch + px(r, 6) + w + (i + 1 < n ? gap : 0);
    }
    return total;
}

/* The legend in one row if it fits, with short labels if that makes it fit,
 * else wrapped; returns the y below it. */
static int draw_legend(cv_renderer *r, int y, int width)
{
    const cv_theme *th = r->theme;
    legend_entry entries[CV_STATE_COUNT + 2];
    int n = legend_entries(th, entries);
    int m = px(r, 12);
    int h = cv_text_line_height(r->text, CV_FONT_BODY);
    int swatch = px(r, 18);
    int gap = px(r, 22);
    bool short_labels = legend_row_width(r, entries, n, false) > width - 2 * m;
    int x = m;
    for (int i = 0; i < n; i++) {
        const char *label = short_labels ? entries[i].short_label : entries[i].label;
        int tw, unused;
        cv_text_measure(r->text, CV_FONT_BODY, label, &tw, &unused);
        int item_w = swatch + px(r, 6) + tw;
        if (x > m && x + item_w > width - m) {
            x = m;
            y += h + px(r, 4);
        }
        int top = y + (h - swatch) / 2;
        if (entries[i].ticks) {
            int tick_w = px(r, 2) > 1 ? px(r, 2) : 1;
            int tick_h = swatch * 45 / 100;
            fill_rect(r, x + swatch / 3, top, tick_w, tick_h, th->put_mark);
            fill_rect(r, x + 2 * swatch / 3, top + swatch - tick_h, tick_w, tick_h, th->get_mark);
        } else {
            fill_rect(r, x, top, swatch, swatch, entries[i].colour);
            outline_rect(r, x, top, swatch, swatch, 1, th->border);
        }
        cv_text_draw(r->text, CV_FONT_BODY, label, th->foreground, x + swatch + px(r, 6), y,
                     CV_ALIGN_LEFT, 0);
        x += item_w + gap;
    }
    return y + h + px(r, 8);
}

/* ---- layout ------------------------------------------------------------- */

static int label_column_width(cv_renderer *r, const cv_trace *trace)
{
    int widest = 0;
    for (uint32_t i = 0; i < trace->lane_count && i < 256; i++) {
        int w, h;
        cv_text_measure(r->text, CV_FONT_LABEL, trace->lanes[i].name, &w, &h);
        if (w > widest)
            widest = w;
    }
    int tid_w, tid_h;
    cv_text_measure(r->text, CV_FONT_SMALL, "pid 4194304", &tid_w, &tid_h);
    if (tid_w > widest)
        widest = tid_w;
    int min_w = px(r, 80), max_w = px(r, 200);
    widest += px(r, 16);
    return widest < min_w ? min_w : widest > max_w ? max_w : widest;
}

static void compute_layout(cv_renderer *r, const cv_render_frame *f, int top, layout *lay)
{
    int m = px(r, 12);
    lay->margin = m;
    int label_w = label_column_width(r, f->trace);
    int stats_w = px(r, 260);
    if (stats_w > lay->width / 4)
        stats_w = lay->width / 4;
    int small_h = cv_text_line_height(r->text, CV_FONT_SMALL);
    int body_h = cv_text_line_height(r->text, CV_FONT_BODY);

    int column_titles_h = small_h + px(r, 4);
    int axis_h = small_h + px(r, 10);
    int strip_h = px(r, 64);
    int slots_h = body_h * 2 + px(r, 8);
    int lanes_top = top + column_titles_h;
    int bottom = lay->height - m;
    int available = bottom - lanes_top - strip_h - axis_h - slots_h - px(r, 12);
    uint32_t lanes = f->trace->lane_count;
    int min_lane = px(r, 24);
    if (lanes > 0 && available < (int)lanes * min_lane) {
        /* Tight: give the lanes what the buffer rows can spare. */
        strip_h = px(r, 36);
        slots_h = body_h + px(r, 8);
        available = bottom - lanes_top - strip_h - axis_h - slots_h - px(r, 12);
    }
    if (available < 0)
        available = 0;
    int lane_h = lanes ? available / (int)lanes : 0;
    int max_lane = px(r, 96);
    if (lane_h > max_lane) {
        lane_h = max_lane;
        /* Room to spare: a taller fill strip makes the buffer easier to read. */
        int spare = available - (int)lanes * lane_h;
        int grow = spare / 2 < px(r, 56) ? spare / 2 : px(r, 56);
        strip_h += grow;
    }
    if (lane_h < 2)
        lane_h = 2;
    lay->lane_h = lane_h;
    lay->lanes_shown = lanes;
    if (lanes > 0 && (int)lanes * lane_h > available)
        lay->lanes_shown = (uint32_t)(available / lane_h);
    lay->bar_inset = lane_h >= 12 ? lane_h / 8 : 0;

    int plot_x = m + label_w;
    int plot_w = lay->width - m - stats_w - px(r, 12) - plot_x;
    if (plot_w < 16)
        plot_w = 16;
    int lanes_h = (int)lay->lanes_shown * lane_h;
    lay->labels = (SDL_Rect){m, lanes_top, label_w, lanes_h};
    lay->plot = (SDL_Rect){plot_x, lanes_top, plot_w, lanes_h};
    lay->stats = (SDL_Rect){plot_x + plot_w + px(r, 12), lanes_top, stats_w, lanes_h};
    int y = lanes_top + lanes_h + px(r, 6);
    lay->strip = (SDL_Rect){plot_x, y, plot_w, strip_h};
    y += strip_h;
    lay->axis = (SDL_Rect){plot_x, y, plot_w, axis_h};
    y += axis_h + px(r, 6);
    lay->slots = (SDL_Rect){plot_x, y, plot_w, slots_h};
}

/* ---- lanes -------------------------------------------------------------- */

/* Alternating bands behind the lanes, batched: two fill calls for any lane count. */
static void draw_lane_backgrounds(cv_renderer *r, const layout *lay)
{
    int w = lay->stats.x + lay->stats.w - lay->labels.x;
    for (uint32_t i = 0; i < lay->lanes_shown; i++)
        batch_push(&r->batches[i % 2 ? BATCH_MARKS : BATCH_FILL], lay->labels.x,
                   lay->plot.y + (int)i * lay->lane_h, w, lay->lane_h);
    batch_flush(r, BATCH_FILL, r->theme->lane_even);
    batch_flush(r, BATCH_MARKS, r->theme->lane_odd);
}

/* Vertical grid lines at every tick between top and bottom. */
static void draw_grid(cv_renderer *r, const cv_render_frame *f, const layout *lay, int64_t step_ns,
                      int top, int bottom)
{
    set_colour(r, r->theme->grid);
    int64_t first = f->view_t0_ns - (f->view_t0_ns % step_ns);
    if (first < f->view_t0_ns)
        first += step_ns;
    for (int64_t t = first; t <= f->view_t1_ns; t += step_ns) {
        int x = x_of_time(f, &lay->plot, t);
        SDL_RenderDrawLine(r->sdl, x, top, x, bottom);
    }
}

/*
 * A zoomed-out lane of a big trace changes state at almost every column, and
 * thousands of one-pixel rectangles per lane would make the frame cost grow
 * with the trace after all. Such dense lanes are instead written as one row
 * of texels (one per column) into a streaming texture and stretched to the
 * bar's height with a single copy; sparse lanes stay crisp rectangles.
 */
#define DENSE_LANE_RUNS 96

static bool ensure_lane_texture(cv_renderer *r, int w, int h)
{
    if (r->lane_texture && r->lane_texture_w >= w && r->lane_texture_h >= h)
        return true;
    if (r->lane_texture)
        SDL_DestroyTexture(r->lane_texture);
    int tw = w > r->lane_texture_w ? w : r->lane_texture_w;
    int th = h > r->lane_texture_h ? h : r->lane_texture_h;
    r->lane_texture =
        SDL_CreateTexture(r->sdl, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, tw, th);
    if (!r->lane_texture)
        return false;
    SDL_SetTextureBlendMode(r->lane_texture, SDL_BLENDMODE_NONE);
    SDL_SetTextureScaleMode(r->lane_texture, SDL_ScaleModeNearest);
    r->lane_texture_w = tw;
    r->lane_texture_h = th;
    return true;
}

static uint32_t argb(cv_rgb c)
{
    return 0xFF000000u | (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
}

/* The lane's columns as texels in row `lane` of the locked texture. */
static void write_lane_row(cv_renderer *r, uint32_t lane, uint32_t columns, void *pixels, int pitch)
{
    uint32_t *row = (uint32_t *)((char *)pixels + (size_t)lane * (size_t)pitch);
    uint32_t background = argb(lane % 2 ? r->theme->lane_odd : r->theme->lane_even);
    uint32_t colours[CV_STATE_COUNT];
    for (int s = 0; s < CV_STATE_COUNT; s++)
        colours[s] = argb(r->theme->state[s]);
    for (uint32_t c = 0; c < columns; c++) {
        uint8_t state = r->columns[c].state;
        row[c] = state < CV_STATE_COUNT ? colours[state] : background;
    }
}

static uint32_t count_runs(const cv_column *columns, uint32_t count)
{
    uint32_t runs = count > 0;
    for (uint32_t c = 1; c < count; c++)
        runs += columns[c].state != columns[c - 1].state;
    return runs;
}

/* Bars of one lane: rectangles into the per-state batches, or a texture row
 * when the lane is dense; put/get ticks when they stand apart. Returns true
 * if the lane went into the texture. */
static bool batch_lane(cv_renderer *r, const cv_render_frame *f, const layout *lay, uint32_t lane,
                       uint32_t columns, void **pixels, int *pitch)
{
    double step = ns_per_px(f, &lay->plot);
    int64_t t1 = f->view_t0_ns + (int64_t)ceil(step * columns);
    cv_timeline_query(f->timeline, lane, f->view_t0_ns, t1, columns, r->columns);
    int y = lay->plot.y + (int)lane * lay->lane_h + lay->bar_inset;
    int h = lay->lane_h - 2 * lay->bar_inset;
    if (h < 1)
        h = 1;
    bool textured = false;
    if (count_runs(r->columns, columns) > DENSE_LANE_RUNS) {
        if (!*pixels && ensure_lane_texture(r, lay->plot.w, (int)lay->lanes_shown) &&
            SDL_LockTexture(r->lane_texture, NULL, pixels, pitch) != 0)
            *pixels = NULL;
        if (*pixels) {
            write_lane_row(r, lane, columns, *pixels, *pitch);
            textured = true;
        }
    }
    uint32_t start = 0;
    uint32_t marked = 0;
    for (uint32_t c = 0; c <= columns; c++) {
        if (c < columns && (r->columns[c].puts || r->columns[c].gets))
            marked++;
        if (c < columns && r->columns[c].state == r->columns[start].state)
            continue;
        uint8_t state = r->columns[start].state;
        if (state < CV_STATE_COUNT && !textured)
            batch_push(&r->batches[state], lay->plot.x + (int)start, y, (int)(c - start), h);
        start = c;
    }
    /* Ticks only when they stand apart: at most one marked column in eight. */
    if (h < px(r, 10) || marked * 8 > columns)
        return textured;
    int tick_w = px(r, 2) > 1 ? px(r, 2) : 1;
    int tick_h = h * 45 / 100;
    for (uint32_t c = 0; c < columns; c++) {
        int x = lay->plot.x + (int)c;
        if (r->columns[c].puts)
            batch_push(&r->batches[BATCH_MARKS], x, y, tick_w, tick_h);
        if (r->columns[c].gets)
            batch_push(&r->batches[BATCH_MARKS], x, y + h - tick_h, tick_w, tick_h);
    }
    return textured;
}

static void draw_lanes(cv_renderer *r, const cv_render_frame *f, const layout *lay)
{
    uint32_t columns = visible_columns(f, &lay->plot);
    if (columns == 0 || !f->timeline || lay->lanes_shown == 0)
        return;
    void *pixels = NULL;
    int pitch = 0;
    bool any_textured = false;
    for (uint32_t lane = 0; lane < lay->lanes_shown; lane++)
        r->lane_textured[lane] = batch_lane(r, f, lay, lane, columns, &pixels, &pitch);
    if (pixels) {
        SDL_UnlockTexture(r->lane_texture);
        any_textured = true;
    }
    int h = lay->lane_h - 2 * lay->bar_inset;
    for (uint32_t lane = 0; any_textured && lane < lay->lanes_shown; lane++) {
        if (!r->lane_textured[lane])
            continue;
        SDL_Rect src = {0, (int)lane, (int)columns, 1};
        SDL_Rect dst = {lay->plot.x, lay->plot.y + (int)lane * lay->lane_h + lay->bar_inset,
                        (int)columns, h < 1 ? 1 : h};
        SDL_RenderCopy(r->sdl, r->lane_texture, &src, &dst);
    }
    for (int s = 0; s < CV_STATE_COUNT; s++)
        batch_flush(r, s, r->theme->state[s]);
    batch_flush(r, BATCH_MARKS, r->theme->put_mark);
}

static void draw_lane_labels(cv_renderer *r, const cv_render_frame *f, const layout *lay)
{
    const cv_theme *th = r->theme;
    int label_h = cv_text_line_height(r->text, CV_FONT_LABEL);
    int small_h = cv_text_line_height(r->text, CV_FONT_SMALL);
    int pad = px(r, 8);
    int max_w = lay->labels.w - pad;
    /* Too thin for every label: label every k-th lane in the small font. */
    int every = lay->lane_h >= small_h ? 1 : (small_h + lay->lane_h - 1) / lay->lane_h;
    const char *id_word = f->trace->backend == CV_BACKEND_PROCESSES ? "pid" : "tid";
    for (uint32_t i = 0; i < lay->lanes_shown; i += (uint32_t)every) {
        const cv_lane_info *info = &f->trace->lanes[i];
        int y = lay->plot.y + (int)i * lay->lane_h;
        char id[48] = "";
        if (info->os_id > 0)
            snprintf(id, sizeof id, "%s %lld", id_word, (long long)info->os_id);
        if (lay->lane_h >= label_h + small_h) {
            int top = y + (lay->lane_h - label_h - small_h) / 2;
            cv_text_draw(r->text, CV_FONT_LABEL, info->name, th->foreground, lay->labels.x + pad,
                         top, CV_ALIGN_LEFT, max_w);
            cv_text_draw(r->text, CV_FONT_SMALL, id, th->text_muted, lay->labels.x + pad,
                         top + label_h, CV_ALIGN_LEFT, max_w);
        } else if (lay->lane_h >= label_h) {
            cv_text_draw(r->text, CV_FONT_LABEL, info->name, th->foreground, lay->labels.x + pad,
                         y + (lay->lane_h - label_h) / 2, CV_ALIGN_LEFT, max_w);
        } else {
            cv_text_draw(r->text, CV_FONT_SMALL, info->name, th->foreground, lay->labels.x + pad,
                         y + (lay->lane_h - small_h) / 2, CV_ALIGN_LEFT, max_w);
        }
    }
}

/* The state a lane was in when the run was stopped (its last before `done`). */
static uint32_t last_state_before_done(const cv_trace *trace, uint32_t lane)
{
    const cv_lane_events *events = &trace->events[lane];
    for (size_t i = events->count; i-- > 0;) {
        uint32_t kind = cv_event_kind(&events->events[i]);
        if (kind < CV_STATE_COUNT && kind != CV_STATE_DONE)
            return kind;
    }
    return CV_STATE_DONE;
}

/*
 * After a deadlock, say on the lanes themselves who holds the buffer lock and
 * who waits for it, at the right end of each bar where the run froze: the
 * colours alone do not say who is holding whom up.
 */
static void draw_deadlock_tags(cv_renderer *r, const cv_render_frame *f, const layout *lay)
{
    const cv_run_result *result = f->result;
    if (!result || result->outcome != CV_OUTCOME_DEADLOCK || lay->lane_h < 12)
        return;
    const cv_theme *th = r->theme;
    cv_font_style font = lay->lane_h >= cv_text_line_height(r->text, CV_FONT_LABEL) + 4
                             ? CV_FONT_LABEL
                             : CV_FONT_SMALL;
    int pad = px(r, 6);
    for (uint32_t lane = 0; lane < lay->lanes_shown && lane < result->worker_count; lane++) {
        uint32_t state = last_state_before_done(f->trace, lane);
        const char *tag = NULL;
        if ((int32_t)lane == result->lock_holder)
            tag = state == CV_STATE_WAIT_SLOT ? "holds the lock, waits for a slot"
                                              : "holds the lock, waits for an item";
        else if (state == CV_STATE_WAIT_LOCK)
            tag = "waits for the lock";
        if (!tag)
            continue;
        int w = 0, h = 0;
        cv_text_measure(r->text, font, tag, &w, &h);
        int x_end = x_of_time(f, &lay->plot, f->trace->end_ns);
        if (x_end > lay->plot.x + lay->plot.w)
            x_end = lay->plot.x + lay->plot.w;
        int x = x_end - w - 3 * pad;
        if (x < lay->plot.x)
            x = lay->plot.x;
        int y = lay->plot.y + (int)lane * lay->lane_h + (lay->lane_h - h - pad) / 2;
        fill_rect(r, x, y, w + 2 * pad, h + pad, th->tooltip);
        outline_rect(r, x, y, w + 2 * pad, h + pad, px(r, 1) > 0 ? px(r, 1) : 1, th->foreground);
        cv_text_draw(r->text, font, tag, th->foreground, x + pad, y + pad / 2, CV_ALIGN_LEFT, 0);
    }
}

/* ---- statistics column -------------------------------------------------- */

/*
 * One worker's statistics: the items it handled and a bar split by the share
 * of time in each state. Called twice per frame: first (text = false) the
 * bar segments go into the per-state batches, then after the batches are
 * drawn (text = true) the numbers go on top.
 */
static void draw_lane_stat(cv_renderer *r, const cv_lane_stat *stat, int x, int y, int w, int h,
                           bool text)
{
    const cv_theme *th = r->theme;
    int body_h = cv_text_line_height(r->text, CV_FONT_BODY);
    int small_h = cv_text_line_height(r->text, CV_FONT_SMALL);
    int items_w = px(r, 64);
    if (text && h >= small_h) {
        cv_font_style font = h >= body_h ? CV_FONT_BODY : CV_FONT_SMALL;
        int font_h = h >= body_h ? body_h : small_h;
        char items[32];
        snprintf(items, sizeof items, "%llu", (unsigned long long)stat->items);
        cv_text_draw(r->text, font, items, th->foreground, x + items_w - px(r, 8),
                     y + (h - font_h) / 2, CV_ALIGN_RIGHT, 0);
    }
    int64_t total = 0;
    for (int s = 0; s < CV_STATE_COUNT; s++)
        total += stat->state_ns[s];
    if (total <= 0)
        return;
    int bar_x = x + items_w;
    int bar_w = w - items_w;
    int cursor = bar_x;
    int64_t cumulative = 0;
    for (int s = 0; s < CV_STATE_COUNT; s++) {
        if (stat->state_ns[s] <= 0)
            continue;
        cumulative += stat->state_ns[s];
        int end = bar_x + (int)((double)cumulative * bar_w / (double)total);
        int seg = end - cursor;
        if (seg <= 0)
            continue;
        if (!text) {
            batch_push(&r->batches[s], cursor, y, seg, h);
        } else if (h >= small_h) {
            int percent = (int)lround(100.0 * (double)stat->state_ns[s] / (double)total);
            char label[8];
            snprintf(label, sizeof label, "%d%%", percent);
            int lw, lh;
            cv_text_measure(r->text, CV_FONT_SMALL, label, &lw, &lh);
            if (lw + px(r, 4) <= seg)
                cv_text_draw(r->text, CV_FONT_SMALL, label, th->state_text[s], cursor + seg / 2,
                             y + (h - small_h) / 2, CV_ALIGN_CENTER, 0);
        }
        cursor = end;
    }
}

static void draw_stats(cv_renderer *r, const cv_render_frame *f, const layout *lay)
{
    const cv_theme *th = r->theme;
    int small_h = cv_text_line_height(r->text, CV_FONT_SMALL);
    int title_y = lay->stats.y - small_h - px(r, 2);
    cv_text_draw(r->text, CV_FONT_SMALL, "items", th->text_muted, lay->stats.x + px(r, 56), title_y,
                 CV_ALIGN_RIGHT, 0);
    cv_text_draw(r->text, CV_FONT_SMALL, "share of time by state", th->text_muted,
                 lay->stats.x + px(r, 64), title_y, CV_ALIGN_LEFT, lay->stats.w - px(r, 64));
    cv_text_draw(r->text, CV_FONT_SMALL, "worker", th->text_muted, lay->labels.x + px(r, 8),
                 title_y, CV_ALIGN_LEFT, 0);
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t i = 0; i < lay->lanes_shown && i < r->stats.lane_count; i++) {
            int y = lay->stats.y + (int)i * lay->lane_h + lay->bar_inset;
            int h = lay->lane_h - 2 * lay->bar_inset;
            draw_lane_stat(r, &r->stats.lanes[i], lay->stats.x, y, lay->stats.w, h < 1 ? 1 : h,
                           pass == 1);
        }
        for (int s = 0; pass == 0 && s < CV_STATE_COUNT; s++)
            batch_flush(r, s, th->state[s]);
    }
    if (lay->lanes_shown < f->trace->lane_count) {
        char more[64];
        snprintf(more, sizeof more, "+%u more lanes not shown",
                 f->trace->lane_count - lay->lanes_shown);
        cv_text_draw(r->text, CV_FONT_SMALL, more, th->warning, lay->labels.x,
                     lay->plot.y + lay->plot.h, CV_ALIGN_LEFT, 0);
    }
}

/* ---- buffer: fill strip and slots --------------------------------------- */

static void draw_fill_strip(cv_renderer *r, const cv_render_frame *f, const layout *lay)
{
    const cv_theme *th = r->theme;
    const SDL_Rect *s = &lay->strip;
    fill_rect(r, lay->labels.x, s->y, lay->stats.x + lay->stats.w - lay->labels.x, s->h,
              th->lane_even);
    int label_h = cv_text_line_height(r->text, CV_FONT_LABEL);
    cv_text_draw(r->text, CV_FONT_LABEL, "buffer", th->foreground, lay->labels.x + px(r, 8),
                 s->y + px(r, 2), CV_ALIGN_LEFT, lay->labels.w - px(r, 8));
    char range[48];
    snprintf(range, sizeof range, "fill 0\xE2\x80\x93%u", f->trace->buffer_slots);
    if (s->h >= label_h * 2)
        cv_text_draw(r->text, CV_FONT_SMALL, range, th->text_muted, lay->labels.x + px(r, 8),
                     s->y + px(r, 2) + label_h, CV_ALIGN_LEFT, lay->labels.w - px(r, 8));
    /* The capacity line: a full buffer reaches it. */
    fill_rect(r, s->x, s->y, s->w, 1, th->border);
    fill_rect(r, s->x, s->y + s->h - 1, s->w, 1, th->border);
    uint32_t columns = visible_columns(f, &lay->plot);
    if (columns == 0 || !f->timeline || f->trace->buffer_slots == 0)
        return;
    double step = ns_per_px(f, &lay->plot);
    int64_t t1 = f->view_t0_ns + (int64_t)ceil(step * columns);
    cv_timeline_fill_query(f->timeline, f->view_t0_ns, t1, columns, r->fill);
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
            batch_push(&r->batches[BATCH_FILL], s->x + (int)start, s->y + 1 + usable - h,
                       (int)(c - start), h);
        start = c;
    }
    batch_flush(r, BATCH_FILL, th->fill_strip);
}

static void draw_slots(cv_renderer *r, const cv_render_frame *f, const layout *lay)
{
    const cv_theme *th = r->theme;
    const SDL_Rect *s = &lay->slots;
    uint32_t slots = f->trace->buffer_slots;
    int64_t at = f->now_ns < f->trace->end_ns ? f->now_ns : f->trace->end_ns;
    uint32_t items[MAX_SLOT_BOXES];
    uint32_t item_count = 0;
    uint32_t fill = cv_buffer_slots_at(f->trace, at, items, MAX_SLOT_BOXES, &item_count);
    if (fill > slots)
        fill = slots;

    int label_h = cv_text_line_height(r->text, CV_FONT_LABEL);
    int small_h = cv_text_line_height(r->text, CV_FONT_SMALL);
    char when[48], moment[32];
    cv_format_duration(at, moment, sizeof moment);
    snprintf(when, sizeof when, "at %s", moment);
    cv_text_draw(r->text, CV_FONT_LABEL, "slots", th->foreground, lay->labels.x + px(r, 8), s->y,
                 CV_ALIGN_LEFT, lay->labels.w - px(r, 8));
    if (s->h >= label_h + small_h)
        cv_text_draw(r->text, CV_FONT_SMALL, when, th->text_muted, lay->labels.x + px(r, 8),
                     s->y + label_h, CV_ALIGN_LEFT, lay->labels.w - px(r, 8));
    char count[48];
    snprintf(count, sizeof count, "%u / %u full", fill, slots);
    int count_h = cv_text_line_height(r->text, CV_FONT_BODY);
    cv_text_draw(r->text, CV_FONT_BODY, count, th->foreground, lay->stats.x + px(r, 8),
                 s->y + (s->h - count_h) / 2, CV_ALIGN_LEFT, lay->stats.w);
    if (slots == 0)
        return;

    int box_w = slots <= MAX_SLOT_BOXES ? s->w / (int)slots : 0;
    if (box_w > px(r, 72))
        box_w = px(r, 72);
    if (box_w < px(r, 10)) {
        /* Too many slots for boxes: one gauge. */
        int w = (int)((uint64_t)fill * (uint64_t)s->w / slots);
        fill_rect(r, s->x, s->y, s->w, s->h, th->slot_empty);
        fill_rect(r, s->x, s->y, w, s->h, th->slot_filled);
        outline_rect(r, s->x, s->y, s->w, s->h, 1, th->border);
        return;
    }
    int gap = box_w >= px(r, 24) ? px(r, 4) : 1;
    int body_h = cv_text_line_height(r->text, CV_FONT_BODY);
    for (uint32_t i = 0; i < slots; i++) {
        int x = s->x + (int)i * box_w;
        bool full = i < fill;
        fill_rect(r, x, s->y, box_w - gap, s->h, full ? th->slot_filled : th->slot_empty);
        outline_rect(r, x, s->y, box_w - gap, s->h, px(r, 1) > 0 ? px(r, 1) : 1, th->border);
        if (!full || i >= item_count)
            continue;
        char id[16];
        snprintf(id, sizeof id, "#%u", items[i]);
        int iw, ih;
        cv_font_style font = CV_FONT_BODY;
        cv_text_measure(r->text, font, id, &iw, &ih);
        if (iw > box_w - gap - px(r, 4)) {
            font = CV_FONT_SMALL;
            cv_text_measure(r->text, font, id, &iw, &ih);
        }
        if (iw <= box_w - gap - px(r, 2)) {
            int fh = font == CV_FONT_BODY ? body_h : small_h;
            cv_text_draw(r->text, font, id, th->slot_text, x + (box_w - gap) / 2,
                         s->y + (s->h - fh) / 2, CV_ALIGN_CENTER, 0);
        }
    }
}

/* ---- axis, now line, tooltip -------------------------------------------- */

static void draw_axis(cv_renderer *r, const cv_render_frame *f, const layout *lay, int64_t step_ns)
{
    const cv_theme *th = r->theme;
    const SDL_Rect *a = &lay->axis;
    fill_rect(r, a->x, a->y, a->w, 1, th->axis);
    int64_t first = f->view_t0_ns - (f->view_t0_ns % step_ns);
    if (first < f->view_t0_ns)
        first += step_ns;
    int64_t max_abs =
        llabs(f->view_t1_ns) > llabs(f->view_t0_ns) ? llabs(f->view_t1_ns) : llabs(f->view_t0_ns);
    int tick = px(r, 5);
    for (int64_t t = first; t <= f->view_t1_ns; t += step_ns) {
        int x = x_of_time(f, &lay->plot, t);
        fill_rect(r, x, a->y, 1, tick, th->axis);
        char label[32];
        cv_axis_label(t, step_ns, max_abs, label, sizeof label);
        cv_text_draw(r->text, CV_FONT_SMALL, label, th->text_muted, x, a->y + tick, CV_ALIGN_CENTER,
                     0);
    }
}

static void draw_now_line(cv_renderer *r, const cv_render_frame *f, const layout *lay)
{
    if (f->now_ns <= f->view_t0_ns || f->now_ns >= f->view_t1_ns)
        return;
    if (f->trace->finished && f->now_ns >= f->trace->end_ns)
        return;
    int x = x_of_time(f, &lay->plot, f->now_ns);
    fill_rect(r, x, lay->plot.y, px(r, 2) > 0 ? px(r, 2) : 1,
              lay->strip.y + lay->strip.h - lay->plot.y, r->theme->highlight);
}

static void draw_tooltip_box(cv_renderer *r, int mx, int my, const char *const *lines, int count,
                             cv_rgb swatch, bool with_swatch)
{
    const cv_theme *th = r->theme;
    int pad = px(r, 8);
    int line_h = cv_text_line_height(r->text, CV_FONT_BODY);
    int w = 0;
    for (int i = 0; i < count; i++) {
        int lw, lh;
        cv_text_measure(r->text, i == 0 ? CV_FONT_LABEL : CV_FONT_BODY, lines[i], &lw, &lh);
        if (lw > w)
            w = lw;
    }
    int sw = with_swatch ? line_h : 0;
    int box_w = w + 2 * pad + sw;
    int box_h = count * line_h + 2 * pad;
    int x = mx + px(r, 16);
    int y = my + px(r, 16);
    if (x + box_w > r->lay.width)
        x = mx - px(r, 16) - box_w;
    if (y + box_h > r->lay.height)
        y = my - px(r, 16) - box_h;
    if (x < 0)
        x = 0;
    if (y < 0)
        y = 0;
    fill_rect(r, x, y, box_w, box_h, th->tooltip);
    outline_rect(r, x, y, box_w, box_h, 1, th->border);
    if (with_swatch)
        fill_rect(r, x + pad, y + pad + line_h + px(r, 2), sw - px(r, 6), line_h - px(r, 4),
                  swatch);
    for (int i = 0; i < count; i++) {
        int lx = x + pad + (i == 1 ? sw : 0);
        cv_text_draw(r->text, i == 0 ? CV_FONT_LABEL : CV_FONT_BODY, lines[i], th->foreground, lx,
                     y + pad + i * line_h, CV_ALIGN_LEFT, 0);
    }
}

static void tooltip_for_lane(cv_renderer *r, const cv_render_frame *f, uint32_t lane, int64_t t)
{
    cv_span span;
    if (!f->timeline || !cv_timeline_span_at(f->timeline, lane, t, &span))
        return;
    const cv_lane_info *info = &f->trace->lanes[lane];
    char head[128], state[160], timing[128], item[48];
    const char *id_word = f->trace->backend == CV_BACKEND_PROCESSES ? "pid" : "tid";
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
    const char *lines[4] = {head, state, timing, item};
    int count = 3;
    if (span.item != UINT32_MAX) {
        snprintf(item, sizeof item, "item #%u", span.item);
        count = 4;
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

static bool inside(const SDL_Rect *rect, int x, int y)
{
    return x >= rect->x && x < rect->x + rect->w && y >= rect->y && y < rect->y + rect->h;
}

static void draw_hover(cv_renderer *r, const cv_render_frame *f, const layout *lay)
{
    if (!f->hover)
        return;
    SDL_Rect band = {lay->plot.x, lay->plot.y, lay->plot.w,
                     lay->strip.y + lay->strip.h - lay->plot.y};
    if (!inside(&band, f->mouse_x, f->mouse_y))
        return;
    int64_t t = time_of_x(f, &lay->plot, f->mouse_x);
    fill_rect(r, f->mouse_x, band.y, 1, band.h, r->theme->highlight);
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

/* ---- the frame ---------------------------------------------------------- */

void cv_renderer_draw(cv_renderer *r, const cv_render_frame *f)
{
    const cv_theme *th = r->theme;
    layout *lay = &r->lay;
    SDL_GetRendererOutputSize(r->sdl, &lay->width, &lay->height);
    set_colour(r, th->background);
    SDL_RenderClear(r->sdl);
    if (!f->trace)
        return;
    int64_t until = f->now_ns < f->trace->end_ns ? f->now_ns : f->trace->end_ns;
    /* Out of memory only costs the statistics column this frame. */
    cv_lane_stats_update(&r->stats, f->trace, until, NULL);
    if (!ensure_columns(r, (uint32_t)(lay->width > 0 ? lay->width : 1)) ||
        !ensure_lane_flags(r, f->trace->lane_count))
        return;

    int y = draw_header(r, f, lay->width);
    y = draw_legend(r, y, lay->width);
    compute_layout(r, f, y, lay);
    int64_t step = cv_axis_tick_step(f->view_t1_ns - f->view_t0_ns, lay->plot.w, px(r, 110));

    draw_lane_backgrounds(r, lay);
    draw_grid(r, f, lay, step, lay->plot.y, lay->plot.y + lay->plot.h);
    draw_lanes(r, f, lay);
    draw_lane_labels(r, f, lay);
    draw_deadlock_tags(r, f, lay);
    draw_stats(r, f, lay);
    draw_fill_strip(r, f, lay);
    draw_grid(r, f, lay, step, lay->strip.y, lay->strip.y + lay->strip.h);
    draw_axis(r, f, lay, step);
    draw_slots(r, f, lay);
    draw_now_line(r, f, lay);
    /* The hint goes in the bottom-right corner only where it covers nothing. */
    int hint_y = lay->height - lay->margin - cv_text_line_height(r->text, CV_FONT_SMALL);
    if (f->hint && hint_y >= lay->slots.y + lay->slots.h)
        cv_text_draw(r->text, CV_FONT_SMALL, f->hint, th->text_muted, lay->width - lay->margin,
                     hint_y, CV_ALIGN_RIGHT, 0);
    draw_hover(r, f, lay);
}

/* ---- overlays ----------------------------------------------------------- */

void cv_renderer_draw_panel(cv_renderer *r, const char *title, const char *const *lines,
                            int line_count)
{
    const cv_theme *th = r->theme;
    int width, height;
    SDL_GetRendererOutputSize(r->sdl, &width, &height);
    int pad = px(r, 20);
    int title_h = cv_text_line_height(r->text, CV_FONT_TITLE);
    int line_h = cv_text_line_height(r->text, CV_FONT_BODY) + px(r, 4);
    int w = 0, h;
    cv_text_measure(r->text, CV_FONT_TITLE, title, &w, &h);
    for (int i = 0; i < line_count; i++) {
        int lw;
        cv_text_measure(r->text, CV_FONT_BODY, lines[i], &lw, &h);
        if (lw > w)
            w = lw;
    }
    int box_w = w + 2 * pad;
    int box_h = title_h + px(r, 10) + line_count * line_h + 2 * pad;
    int x = (width - box_w) / 2, y = (height - box_h) / 2;
    if (x < 0)
        x = 0;
    if (y < 0)
        y = 0;
    SDL_SetRenderDrawBlendMode(r->sdl, SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(r->sdl, 0, 0, 0, 110);
    SDL_RenderFillRect(r->sdl, NULL);
    SDL_SetRenderDrawBlendMode(r->sdl, SDL_BLENDMODE_NONE);
    fill_rect(r, x, y, box_w, box_h, th->tooltip);
    outline_rect(r, x, y, box_w, box_h, px(r, 2) > 0 ? px(r, 2) : 1, th->border);
    cv_text_draw(r->text, CV_FONT_TITLE, title, th->foreground, x + pad, y + pad, CV_ALIGN_LEFT, 0);
    int ly = y + pad + title_h + px(r, 10);
    for (int i = 0; i < line_count; i++, ly += line_h)
        cv_text_draw(r->text, CV_FONT_BODY, lines[i], th->foreground, x + pad, ly, CV_ALIGN_LEFT,
                     0);
}

void cv_renderer_draw_toast(cv_renderer *r, const char *message)
{
    const cv_theme *th = r->theme;
    int width, height;
    SDL_GetRendererOutputSize(r->sdl, &width, &height);
    int pad = px(r, 12);
    int w, h;
    cv_text_measure(r->text, CV_FONT_LABEL, message, &w, &h);
    int box_w = w + 2 * pad, box_h = h + 2 * pad;
    int x = (width - box_w) / 2, y = height - box_h - px(r, 24);
    fill_rect(r, x, y, box_w, box_h, th->neutral);
    cv_text_draw(r->text, CV_FONT_LABEL, message, th->banner_text, x + pad, y + pad, CV_ALIGN_LEFT,
                 0);
}
