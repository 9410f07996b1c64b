/*
 * renderer.c — the picture of a run (see renderer.h): the renderer's life,
 * the drawing primitives its parts share (draw.h), the frame in the order it
 * is painted, and the overlays (help panel, toast).
 *
 * The layout (layout/layout.c) says where everything goes; the parts are
 * painted by draw_header.c, draw_lanes.c, draw_buffer.c and draw_tooltip.c.
 * Text comes from the text cache.
 */
#include "render/renderer.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/axis.h"
#include "render/draw.h"
#include "render/draw_step_marks.h"

int cv_draw_px(const cv_renderer *r, float points)
{
    return (int)lroundf(points * r->scale);
}

void cv_draw_set_colour(cv_renderer *r, cv_rgb c)
{
    SDL_SetRenderDrawColor(r->sdl, c.r, c.g, c.b, 255);
}

void cv_draw_fill(cv_renderer *r, int x, int y, int w, int h, cv_rgb c)
{
    SDL_Rect rect = {x, y, w, h};
    cv_draw_set_colour(r, c);
    SDL_RenderFillRect(r->sdl, &rect);
}

void cv_draw_outline(cv_renderer *r, int x, int y, int w, int h, int thickness, cv_rgb c)
{
    cv_draw_fill(r, x, y, w, thickness, c);
    cv_draw_fill(r, x, y + h - thickness, w, thickness, c);
    cv_draw_fill(r, x, y, thickness, h, c);
    cv_draw_fill(r, x + w - thickness, y, thickness, h, c);
}

void cv_draw_text(cv_renderer *r, const cv_layout_text *at, const char *string, cv_rgb colour)
{
    if (at->shown)
        cv_text_draw(r->text, at->style, string, colour, at->x, at->y, at->align, at->max_w);
}

void cv_draw_batch_push(rect_batch *b, int x, int y, int w, int h)
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

void cv_draw_batch_flush(cv_renderer *r, int index, cv_rgb colour)
{
    rect_batch *b = &r->batches[index];
    if (b->count > 0) {
        cv_draw_set_colour(r, colour);
        SDL_RenderFillRects(r->sdl, b->rects, b->count);
    }
    b->count = 0;
}

int cv_draw_x_of_time(const cv_renderer *r, int64_t t_ns)
{
    return cv_time_axis_x(&r->time, r->lay.plot.x, t_ns);
}

uint32_t cv_draw_visible_columns(const cv_renderer *r, const cv_render_frame *f)
{
    const cv_rect *plot = &r->lay.plot;
    if (plot->w <= 0 || f->now_ns <= r->time.t0_ns)
        return 0;
    double cols = ceil((double)(f->now_ns - r->time.t0_ns) / r->time.ns_per_px);
    return cols >= plot->w ? (uint32_t)plot->w : (uint32_t)cols;
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
    free(r->handovers);
    free(r->arrows);
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

bool cv_renderer_text_too_big(const cv_renderer *r)
{
    return r->lay.plot.w > 0 && cv_layout_text_too_big(&r->lay);
}

SDL_Rect cv_renderer_plot_rect(const cv_renderer *r)
{
    cv_rect plot = r->lay.plot;
    return (SDL_Rect){plot.x, plot.y, plot.w, plot.h};
}

SDL_Rect cv_renderer_ruler_rect(const cv_renderer *r)
{
    cv_rect ruler = cv_layout_ruler(&r->lay);
    return (SDL_Rect){ruler.x, ruler.y, ruler.w, ruler.h};
}

cv_time_axis cv_renderer_time_axis(const cv_renderer *r)
{
    return r->time;
}

void cv_renderer_end_frame(cv_renderer *r)
{
    cv_text_end_frame(r->text);
}

const cv_theme *cv_renderer_theme(const cv_renderer *r)
{
    return r->theme;
}

int cv_renderer_label_column_width(cv_renderer *r, const cv_trace *trace)
{
    cv_text_measurer measurer = cv_text_measurer_of(r->text);
    cv_layout_input in = {
        .scale = r->scale,
        .spacing = &r->theme->spacing,
        .text = &measurer,
        .trace = trace,
    };
    return cv_layout_label_column_width(&in);
}

/* ---- the frame ---------------------------------------------------------- */

/* The words, the layout and the time axis of this frame. */
static void plan_frame(cv_renderer *r, const cv_render_frame *f, cv_rect bounds)
{
    cv_caption_facts facts = {
        .trace = f->trace,
        .result = f->result,
        .stats = &r->stats,
        .now_ns = f->now_ns,
        .status = f->status,
        .have_progress = f->have_progress,
        .produced = f->produced,
        .consumed = f->consumed,
    };
    cv_caption_make(&r->caption, &facts);
    if (f->title)
        snprintf(r->caption.title, sizeof r->caption.title, "%s", f->title);
    if (f->subtitle)
        snprintf(r->caption.description, sizeof r->caption.description, "%s", f->subtitle);
    cv_text_measurer measurer = cv_text_measurer_of(r->text);
    cv_layout_input in = {
        .bounds = bounds,
        .scale = r->scale,
        .spacing = &r->theme->spacing,
        .text = &measurer,
        .caption = &r->caption,
        .trace = f->trace,
        .label_column_w = f->label_column_w,
        .states_seen = cv_lane_stats_states_seen(&r->stats),
    };
    cv_layout_compute(&r->lay, &in);
    if (f->time_axis) {
        r->time = *f->time_axis;
        r->view_t1_ns = r->time.t0_ns + (int64_t)(r->time.ns_per_px * r->lay.plot.w);
    } else {
        r->time = cv_time_axis_fit(f->view_t0_ns, f->view_t1_ns, r->lay.plot.w);
        r->view_t1_ns = f->view_t1_ns;
    }
}

void cv_renderer_draw(cv_renderer *r, const cv_render_frame *f)
{
    const cv_theme *th = r->theme;
    int out_w = 0, out_h = 0;
    SDL_GetRendererOutputSize(r->sdl, &out_w, &out_h);
    cv_rect bounds = {f->bounds.x, f->bounds.y, f->bounds.w, f->bounds.h};
    if (bounds.w <= 0 || bounds.h <= 0)
        bounds = (cv_rect){0, 0, out_w, out_h};
    cv_draw_fill(r, bounds.x, bounds.y, bounds.w, bounds.h, th->background);
    r->lay.bounds = bounds;
    if (!f->trace)
        return;
    int64_t until = f->now_ns < f->trace->end_ns ? f->now_ns : f->trace->end_ns;
    if (f->count_to_ns > f->count_from_ns && f->count_to_ns < until)
        until = f->count_to_ns;
    /* Out of memory only costs the statistics column this frame. */
    cv_lane_stats_count_from(&r->stats, f->count_from_ns);
    cv_lane_stats_update(&r->stats, f->trace, until, NULL);
    if (!ensure_columns(r, (uint32_t)(bounds.w > 0 ? bounds.w : 1)) ||
        !ensure_lane_flags(r, f->trace->lane_count))
        return;
    plan_frame(r, f, bounds);
    const cv_layout *lay = &r->lay;
    int64_t step =
        cv_axis_tick_step(r->view_t1_ns - r->time.t0_ns, lay->plot.w, lay->tick_min_spacing);

    SDL_Rect clip = {bounds.x, bounds.y, bounds.w, bounds.h};
    bool whole = bounds.x == 0 && bounds.y == 0 && bounds.w == out_w && bounds.h == out_h;
    if (!whole)
        SDL_RenderSetClipRect(r->sdl, &clip);
    cv_draw_header(r);
    cv_draw_legend(r);
    cv_draw_lane_backgrounds(r);
    cv_draw_grid(r, step, lay->plot.y, lay->plot.y + lay->plot.h);
    cv_draw_lanes(r, f);
    cv_draw_lane_labels(r, f);
    cv_draw_lane_tags(r, f);
    cv_draw_arrows(r, f);
    cv_draw_stats(r, f);
    cv_draw_fill_strip(r, f, step);
    cv_draw_axis(r, step);
    cv_draw_slots(r, f);
    cv_draw_now_line(r, f);
    if (f->step_marks)
        cv_renderer_draw_step_marks(r, f->step_marks, f->trace->lane_count,
                                    f->step_banner ? f->step_banner : "");
    if (f->step_marks || f->steps_taken_count > 0)
        cv_renderer_draw_steps_taken(r, f->steps_taken, f->steps_taken_count, f->trace);
    /* The hint goes in the bottom-right corner only where it covers nothing. */
    int hint_y = bounds.y + bounds.h - lay->margin - cv_text_line_height(r->text, CV_FONT_SMALL);
    int lowest = lay->plot.y + lay->plot.h;
    if (lay->axis.h > 0 && lay->axis.y + lay->axis.h > lowest)
        lowest = lay->axis.y + lay->axis.h;
    if (lay->slots.h > 0 && lay->slots.y + lay->slots.h > lowest)
        lowest = lay->slots.y + lay->slots.h;
    if (f->hint && hint_y >= lowest)
        cv_text_draw(r->text, CV_FONT_SMALL, f->hint, th->text_muted,
                     bounds.x + bounds.w - lay->margin, hint_y, CV_ALIGN_RIGHT, 0);
    cv_draw_hover(r, f);
    if (!whole)
        SDL_RenderSetClipRect(r->sdl, NULL);
}

/* ---- overlays ----------------------------------------------------------- */

/* A panel line's two parts: the keys before a tab (bold) and what they do. */
static void split_line(const char *line, char *keys, size_t keys_size, const char **what)
{
    const char *tab = strchr(line, '\t');
    if (!tab) {
        keys[0] = '\0';
        *what = line;
        return;
    }
    size_t n = (size_t)(tab - line) < keys_size - 1 ? (size_t)(tab - line) : keys_size - 1;
    memcpy(keys, line, n);
    keys[n] = '\0';
    *what = tab + 1;
}

void cv_renderer_draw_panel(cv_renderer *r, const char *title, const char *const *lines,
                            int line_count)
{
    const cv_theme *th = r->theme;
    int width, height;
    SDL_GetRendererOutputSize(r->sdl, &width, &height);
    int pad = cv_draw_px(r, 20);
    int gap = cv_draw_px(r, th->spacing.large);
    int title_h = cv_text_line_height(r->text, CV_FONT_TITLE);
    int line_h = cv_text_line_height(r->text, CV_FONT_BODY) + cv_draw_px(r, th->spacing.tight);
    int keys_w = 0, what_w = 0, title_w = 0, h;
    cv_text_measure(r->text, CV_FONT_TITLE, title, &title_w, &h);
    for (int i = 0; i < line_count; i++) {
        char keys[96];
        const char *what;
        int kw = 0, ww = 0;
        split_line(lines[i], keys, sizeof keys, &what);
        cv_text_measure(r->text, CV_FONT_LABEL, keys, &kw, &h);
        cv_text_measure(r->text, CV_FONT_BODY, what, &ww, &h);
        keys_w = kw > keys_w ? kw : keys_w;
        what_w = ww > what_w ? ww : what_w;
    }
    int column_w = keys_w + (keys_w > 0 ? gap : 0) + what_w;
    /* Lines in two columns when one would run off the bottom. */
    int columns = line_count * line_h + title_h + 2 * pad > height && line_count > 1 ? 2 : 1;
    int rows = (line_count + columns - 1) / columns;
    int w = columns * column_w + (columns - 1) * 2 * gap;
    if (title_w > w)
        w = title_w;
    int box_w = w + 2 * pad;
    int box_h = title_h + cv_draw_px(r, 10) + rows * line_h + 2 * pad;
    int x = (width - box_w) / 2, y = (height - box_h) / 2;
    if (x < 0)
        x = 0;
    if (y < 0)
        y = 0;
    SDL_SetRenderDrawBlendMode(r->sdl, SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(r->sdl, 0, 0, 0, 110);
    SDL_RenderFillRect(r->sdl, NULL);
    SDL_SetRenderDrawBlendMode(r->sdl, SDL_BLENDMODE_NONE);
    cv_draw_fill(r, x, y, box_w, box_h, th->tooltip);
    cv_draw_outline(r, x, y, box_w, box_h, cv_draw_px(r, 2) > 0 ? cv_draw_px(r, 2) : 1, th->border);
    cv_text_draw(r->text, CV_FONT_TITLE, title, th->foreground, x + pad, y + pad, CV_ALIGN_LEFT, 0);
    int top = y + pad + title_h + cv_draw_px(r, 10);
    for (int i = 0; i < line_count; i++) {
        char keys[96];
        const char *what;
        split_line(lines[i], keys, sizeof keys, &what);
        int lx = x + pad + (i / rows) * (column_w + 2 * gap);
        int ly = top + (i % rows) * line_h;
        cv_text_draw(r->text, CV_FONT_LABEL, keys, th->foreground, lx, ly, CV_ALIGN_LEFT, 0);
        cv_text_draw(r->text, CV_FONT_BODY, what, th->foreground,
                     lx + keys_w + (keys_w > 0 ? gap : 0), ly, CV_ALIGN_LEFT, 0);
    }
}

void cv_renderer_draw_toast(cv_renderer *r, const char *message)
{
    const cv_theme *th = r->theme;
    int pad = cv_draw_px(r, 12);
    int w, h;
    cv_text_measure(r->text, CV_FONT_LABEL, message, &w, &h);
    cv_rect box = cv_layout_toast(&r->lay, w + 2 * pad, h + 2 * pad);
    cv_draw_fill(r, box.x, box.y, box.w, box.h, th->neutral);
    cv_text_draw(r->text, CV_FONT_LABEL, message, th->banner_text, box.x + pad, box.y + pad,
                 CV_ALIGN_LEFT, 0);
}

void cv_renderer_draw_waiting(cv_renderer *r, SDL_Rect bounds, const char *title, const char *line)
{
    const cv_theme *th = r->theme;
    int pad = cv_draw_px(r, (float)th->spacing.large);
    cv_draw_fill(r, bounds.x, bounds.y, bounds.w, bounds.h, th->panel);
    int y = bounds.y + pad;
    cv_text_draw(r->text, CV_FONT_TITLE, title, th->text_muted, bounds.x + pad, y, CV_ALIGN_LEFT,
                 bounds.w - 2 * pad);
    y += cv_text_line_height(r->text, CV_FONT_TITLE) + cv_draw_px(r, (float)th->spacing.tight);
    cv_text_draw(r->text, CV_FONT_BODY, line, th->text_muted, bounds.x + pad, y, CV_ALIGN_LEFT,
                 bounds.w - 2 * pad);
}
