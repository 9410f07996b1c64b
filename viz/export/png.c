/*
 * png.c — offscreen rendering to PNG (see png.h).
 *
 * SDL_CreateSoftwareRenderer draws into a plain SDL_Surface without
 * initialising any video driver, so this works with no display at all. The
 * surface is converted to 24-bit RGB before saving: the picture is opaque and
 * an alpha channel would only make the file bigger.
 */
#include "export/png.h"
#include "export/output_file.h"

#include <SDL.h>
#include <SDL_image.h>

#include "layout/layout.h"
#include "render/draw_sweep.h"
#include "render/renderer.h"
#include "render/text.h"
#include "timeline/timeline.h"

#define DEFAULT_WIDTH 1600
#define DEFAULT_HEIGHT 900
#define MAX_SIDE 16384

static cv_status check_options(const cv_png_options *o, int64_t end_ns, int default_height,
                               int *width, int *height, int64_t *t0, int64_t *t1, cv_error *err)
{
    *width = o->width > 0 ? o->width : DEFAULT_WIDTH;
    *height = o->height > 0 ? o->height : default_height;
    if (o->width < 0 || o->height < 0 || *width > MAX_SIDE || *height > MAX_SIDE || *width < 320 ||
        *height < 200)
        return cv_fail(err, CV_ERR_USAGE, "", 0,
                       "the picture size %dx%d is out of range (320x200 to %dx%d)", *width, *height,
                       MAX_SIDE, MAX_SIDE);
    *t0 = 0;
    *t1 = end_ns > 0 ? end_ns : 1;
    if (o->range_start_ns != 0 || o->range_end_ns != 0) {
        if (o->range_end_ns <= o->range_start_ns || o->range_start_ns < 0)
            return cv_fail(err, CV_ERR_USAGE, "", 0,
                           "the time range must start at 0 or later and end after it starts");
        *t0 = o->range_start_ns;
        *t1 = o->range_end_ns;
    }
    return CV_OK;
}

cv_status cv_png_check_options(const cv_png_options *options, cv_error *err)
{
    int width, height;
    int64_t t0, t1;
    return check_options(options, 1, DEFAULT_HEIGHT, &width, &height, &t0, &t1, err);
}

/* Through output_file, so the PNG is complete or absent: SDL_image writes into
 * our stream, and every write and the close are checked there. */
static cv_status save(SDL_Surface *surface, const char *path, cv_error *err)
{
    SDL_Surface *rgb = SDL_ConvertSurfaceFormat(surface, SDL_PIXELFORMAT_RGB24, 0);
    if (!rgb)
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "cannot convert the picture: %s", SDL_GetError());
    cv_output_file file;
    cv_status st = cv_output_open(&file, path, "PNG", err);
    if (st == CV_OK) {
        SDL_RWops *stream = SDL_RWFromFP(file.stream, SDL_FALSE);
        int rc = stream ? IMG_SavePNG_RW(rgb, stream, 1) : -1;
        if (rc != 0 && !ferror(file.stream)) {
            st = cv_fail(err, CV_ERR_IO, path, 0, "cannot write the PNG: %s", IMG_GetError());
            cv_output_discard(&file);
        } else {
            st = cv_output_close(&file, err);
        }
    }
    SDL_FreeSurface(rgb);
    return st;
}

/* A picture drawn offscreen: a plain surface and a software renderer on it. */
typedef struct offscreen {
    SDL_Surface *surface;
    SDL_Renderer *sdl;
} offscreen;

static cv_status offscreen_open(offscreen *o, int width, int height, cv_error *err)
{
    o->surface = SDL_CreateRGBSurfaceWithFormat(0, width, height, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!o->surface)
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "cannot make a %dx%d picture: %s", width, height,
                       SDL_GetError());
    o->sdl = SDL_CreateSoftwareRenderer(o->surface);
    if (!o->sdl)
        return cv_fail(err, CV_ERR_SYSTEM, "", 0, "cannot draw offscreen: %s", SDL_GetError());
    return CV_OK;
}

static void offscreen_close(offscreen *o)
{
    if (o->sdl)
        SDL_DestroyRenderer(o->sdl);
    if (o->surface)
        SDL_FreeSurface(o->surface);
}

cv_status cv_png_write(const char *path, const cv_trace *trace, const cv_run_result *result,
                       const cv_png_options *options, cv_error *err)
{
    cv_png_options defaults = {0};
    const cv_png_options *o = options ? options : &defaults;
    int width, height;
    int64_t t0 = 0, t1 = 0;
    cv_status st = check_options(o, trace->end_ns, DEFAULT_HEIGHT, &width, &height, &t0, &t1, err);
    if (st != CV_OK)
        return st;
    /* Drawing a big trace takes a while: not when the exports were stopped. */
    if (cv_output_stop_requested())
        return cv_fail(err, CV_ERR_IO, path, 0, "the PNG was not written: stopped by a signal");
    float scale = o->scale > 0 ? o->scale : cv_layout_picture_scale(height);

    offscreen off = {0};
    cv_renderer *renderer = NULL;
    cv_timeline *timeline = NULL;
    cv_handover_index handovers = {0};
    st = offscreen_open(&off, width, height, err);
    if (st != CV_OK)
        goto done;
    st = cv_renderer_create(off.sdl, cv_theme_get(o->theme), scale, &renderer, err);
    if (st != CV_OK)
        goto done;
    timeline = cv_timeline_create(trace);
    if (!timeline) {
        st = cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for the timeline model");
        goto done;
    }
    cv_timeline_update(timeline);
    cv_render_frame frame = {
        .trace = trace,
        .timeline = timeline,
        .result = result,
        .view_t0_ns = t0,
        .view_t1_ns = t1,
        .now_ns = trace->end_ns,
        .count_from_ns = t0,
        .count_to_ns = t1,
        /* A picture of part of the run shows the slots at the end of that part. */
        .moment_set = t1 < trace->end_ns,
        .moment_ns = t1,
        .arrows = o->arrows,
    };
    if (o->arrows) {
        st = cv_handover_update(&handovers, trace, err);
        if (st != CV_OK)
            goto done;
        frame.handovers = &handovers;
    }
    cv_renderer_draw(renderer, &frame);
    SDL_RenderPresent(off.sdl);
    st = save(off.surface, path, err);
done:
    cv_handover_free(&handovers);
    cv_timeline_destroy(timeline);
    cv_renderer_destroy(renderer);
    offscreen_close(&off);
    return st;
}

/* ---- stacked panes --------------------------------------------------------- */

enum { PANE_HEIGHT = 600, PANE_GAP_POINTS = 6 };

/* One pane's frame: with axis NULL it is drawn to learn where its plot goes. */
static void draw_pane(cv_renderer *renderer, const cv_pane_source *pane, cv_timeline *timeline,
                      const cv_handover_index *handovers, cv_rect bounds, int label_w, int64_t t0,
                      int64_t t1, const cv_time_axis *axis)
{
    cv_render_frame frame = {
        .bounds = {bounds.x, bounds.y, bounds.w, bounds.h},
        .trace = pane->trace,
        .timeline = timeline,
        .result = pane->result,
        .view_t0_ns = t0,
        .view_t1_ns = t1,
        .time_axis = axis,
        .now_ns = pane->trace->end_ns,
        .count_from_ns = t0,
        .count_to_ns = t1,
        .moment_set = t1 < pane->trace->end_ns,
        .moment_ns = t1,
        .label_column_w = label_w,
        .title = pane->title,
        .subtitle = pane->subtitle,
        .handovers = handovers,
        .arrows = handovers != NULL,
    };
    cv_renderer_draw(renderer, &frame);
}

/* Draw every pane twice: once to find the plots (all alike, as the label
 * columns are), then on the one axis fitted to them. */
static void draw_panes(cv_renderer *renderer, SDL_Renderer *sdl, const cv_pane_source *panes,
                       int count, cv_timeline **timelines, const cv_handover_index *handovers,
                       int width, int height, int64_t t0, int64_t t1)
{
    const cv_theme *theme = cv_renderer_theme(renderer);
    int gap = (int)(PANE_GAP_POINTS * cv_renderer_scale(renderer) + 0.5f);
    cv_rect bounds[CV_PANES_MAX];
    cv_panes_split((cv_rect){0, 0, width, height}, count, gap, bounds);
    int label_w = 0;
    for (int i = 0; i < count; i++) {
        int w = cv_renderer_label_column_width(renderer, panes[i].trace);
        label_w = w > label_w ? w : label_w;
    }
    int narrowest = width;
    for (int i = 0; i < count; i++) {
        draw_pane(renderer, &panes[i], timelines[i], NULL, bounds[i], label_w, t0, t1, NULL);
        SDL_Rect plot = cv_renderer_plot_rect(renderer);
        narrowest = plot.w < narrowest ? plot.w : narrowest;
    }
    cv_time_axis axis = cv_time_axis_fit(t0, t1, narrowest);
    SDL_SetRenderDrawColor(sdl, theme->border.r, theme->border.g, theme->border.b, 255);
    SDL_RenderClear(sdl);
    for (int i = 0; i < count; i++)
        draw_pane(renderer, &panes[i], timelines[i], handovers ? &handovers[i] : NULL, bounds[i],
                  label_w, t0, t1, &axis);
}

cv_status cv_png_write_panes(const char *path, const cv_pane_source *panes, int count,
                             const cv_png_options *options, cv_error *err)
{
    if (count < 1 || count > CV_PANES_MAX)
        return cv_fail(err, CV_ERR_USAGE, "", 0, "a comparison has 1 to %d runs, not %d",
                       CV_PANES_MAX, count);
    cv_png_options defaults = {0};
    const cv_png_options *o = options ? options : &defaults;
    int64_t end_ns = 0;
    for (int i = 0; i < count; i++)
        end_ns = panes[i].trace->end_ns > end_ns ? panes[i].trace->end_ns : end_ns;
    int width, height;
    int64_t t0 = 0, t1 = 0;
    int default_height = PANE_HEIGHT * count > MAX_SIDE ? MAX_SIDE : PANE_HEIGHT * count;
    cv_status st = check_options(o, end_ns, default_height, &width, &height, &t0, &t1, err);
    if (st != CV_OK)
        return st;
    float scale = o->scale > 0 ? o->scale : cv_panes_scale(height / count);

    offscreen off = {0};
    cv_renderer *renderer = NULL;
    cv_timeline *timelines[CV_PANES_MAX] = {0};
    cv_handover_index handovers[CV_PANES_MAX] = {0};
    st = offscreen_open(&off, width, height, err);
    if (st != CV_OK)
        goto done;
    st = cv_renderer_create(off.sdl, cv_theme_get(o->theme), scale, &renderer, err);
    if (st != CV_OK)
        goto done;
    for (int i = 0; i < count; i++) {
        timelines[i] = cv_timeline_create(panes[i].trace);
        if (!timelines[i]) {
            st = cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for the timeline model");
            goto done;
        }
        cv_timeline_update(timelines[i]);
        if (o->arrows && (st = cv_handover_update(&handovers[i], panes[i].trace, err)) != CV_OK)
            goto done;
    }
    draw_panes(renderer, off.sdl, panes, count, timelines, o->arrows ? handovers : NULL, width,
               height, t0, t1);
    SDL_RenderPresent(off.sdl);
    st = save(off.surface, path, err);
done:
    for (int i = 0; i < count; i++) {
        cv_timeline_destroy(timelines[i]);
        cv_handover_free(&handovers[i]);
    }
    cv_renderer_destroy(renderer);
    offscreen_close(&off);
    return st;
}

/* ---- a sweep's plot -------------------------------------------------------- */

cv_status cv_png_write_sweep(const char *path, const cv_sweep_plot_input *plot_input,
                             const cv_png_options *options, cv_error *err)
{
    cv_png_options defaults = {0};
    const cv_png_options *o = options ? options : &defaults;
    int width, height;
    int64_t t0 = 0, t1 = 0;
    cv_png_options size_only = {.width = o->width, .height = o->height};
    cv_status st = check_options(&size_only, 1, DEFAULT_HEIGHT, &width, &height, &t0, &t1, err);
    if (st != CV_OK)
        return st;
    const cv_theme *theme = cv_theme_get(o->theme);
    float scale = o->scale > 0 ? o->scale : cv_sweep_plot_scale(height);
    offscreen off = {0};
    cv_text *text = NULL;
    st = offscreen_open(&off, width, height, err);
    if (st != CV_OK)
        goto done;
    st = cv_text_create(off.sdl, scale, &text, err);
    if (st != CV_OK)
        goto done;
    cv_text_measurer measurer = cv_text_measurer_of(text);
    cv_sweep_plot_input in = *plot_input;
    in.bounds = (cv_rect){0, 0, width, height};
    in.scale = scale;
    in.spacing = &theme->spacing;
    in.text = &measurer;
    static cv_sweep_plot plot;
    cv_sweep_plot_layout(&plot, &in);
    cv_sweep_plot_draw(off.sdl, text, theme, &plot, in.bounds);
    SDL_RenderPresent(off.sdl);
    st = save(off.surface, path, err);
done:
    cv_text_destroy(text);
    offscreen_close(&off);
    return st;
}
