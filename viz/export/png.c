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

#include "render/renderer.h"
#include "timeline/timeline.h"

#define DEFAULT_WIDTH 1600
#define DEFAULT_HEIGHT 900
#define MAX_SIDE 16384

static cv_status check_options(const cv_png_options *o, const cv_trace *trace, int *width,
                               int *height, int64_t *t0, int64_t *t1, cv_error *err)
{
    *width = o->width > 0 ? o->width : DEFAULT_WIDTH;
    *height = o->height > 0 ? o->height : DEFAULT_HEIGHT;
    if (o->width < 0 || o->height < 0 || *width > MAX_SIDE || *height > MAX_SIDE || *width < 320 ||
        *height < 200)
        return cv_fail(err, CV_ERR_USAGE, "", 0,
                       "the picture size %dx%d is out of range (320x200 to %dx%d)", *width, *height,
                       MAX_SIDE, MAX_SIDE);
    *t0 = 0;
    *t1 = trace->end_ns > 0 ? trace->end_ns : 1;
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
    cv_trace trace = {.end_ns = 1};
    int width, height;
    int64_t t0, t1;
    return check_options(options, &trace, &width, &height, &t0, &t1, err);
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

cv_status cv_png_write(const char *path, const cv_trace *trace, const cv_run_result *result,
                       const cv_png_options *options, cv_error *err)
{
    cv_png_options defaults = {0};
    const cv_png_options *o = options ? options : &defaults;
    int width, height;
    int64_t t0 = 0, t1 = 0;
    cv_status st = check_options(o, trace, &width, &height, &t0, &t1, err);
    if (st != CV_OK)
        return st;
    /* Drawing a big trace takes a while: not when the exports were stopped. */
    if (cv_output_stop_requested())
        return cv_fail(err, CV_ERR_IO, path, 0, "the PNG was not written: stopped by a signal");
    float scale = o->scale > 0 ? o->scale : (float)height / 800.0f;

    SDL_Surface *surface = NULL;
    SDL_Renderer *sdl = NULL;
    cv_renderer *renderer = NULL;
    cv_timeline *timeline = NULL;
    surface = SDL_CreateRGBSurfaceWithFormat(0, width, height, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!surface) {
        st = cv_fail(err, CV_ERR_NOMEM, "", 0, "cannot make a %dx%d picture: %s", width, height,
                     SDL_GetError());
        goto done;
    }
    sdl = SDL_CreateSoftwareRenderer(surface);
    if (!sdl) {
        st = cv_fail(err, CV_ERR_SYSTEM, "", 0, "cannot draw offscreen: %s", SDL_GetError());
        goto done;
    }
    st = cv_renderer_create(sdl, cv_theme_get(o->theme), scale, &renderer, err);
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
    };
    cv_renderer_draw(renderer, &frame);
    SDL_RenderPresent(sdl);
    st = save(surface, path, err);
done:
    cv_timeline_destroy(timeline);
    cv_renderer_destroy(renderer);
    if (sdl)
        SDL_DestroyRenderer(sdl);
    if (surface)
        SDL_FreeSurface(surface);
    return st;
}
