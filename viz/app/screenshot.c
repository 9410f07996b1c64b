/*
 * screenshot.c — the S key (see screenshot.h). The pixels are read from the
 * renderer's back buffer, so the caller saves after drawing and before
 * SDL_RenderPresent, when the back buffer still holds the frame.
 */
#include "app/screenshot.h"

#include <SDL_image.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

/* Scenario names come from files: keep letters, digits, '-' and '_' only. */
static void safe_name(const char *scenario, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = scenario; *p && n + 1 < size; p++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
        out[n++] = ok ? c : '_';
    }
    out[n] = '\0';
    if (n == 0)
        snprintf(out, size, "run");
}

void cv_screenshot_name(const char *scenario, time_t when, char *out, size_t out_size)
{
    char name[64], stamp[32];
    safe_name(scenario, name, sizeof name);
    struct tm local;
    localtime_r(&when, &local);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
    snprintf(out, out_size, "conveyor-%s-%s.png", name, stamp);
    for (int n = 2; access(out, F_OK) == 0 && n < 1000; n++)
        snprintf(out, out_size, "conveyor-%s-%s-%d.png", name, stamp, n);
}

cv_status cv_screenshot_save(SDL_Renderer *renderer, const char *path, cv_error *err)
{
    int w, h;
    if (SDL_GetRendererOutputSize(renderer, &w, &h) != 0)
        return cv_fail(err, CV_ERR_SYSTEM, "", 0, "cannot size the window: %s", SDL_GetError());
    SDL_Surface *surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 24, SDL_PIXELFORMAT_RGB24);
    if (!surface)
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "cannot hold a %dx%d screenshot: %s", w, h,
                       SDL_GetError());
    cv_status st = CV_OK;
    if (SDL_RenderReadPixels(renderer, NULL, SDL_PIXELFORMAT_RGB24, surface->pixels,
                             surface->pitch) != 0)
        st = cv_fail(err, CV_ERR_SYSTEM, "", 0, "cannot read the window's pixels: %s",
                     SDL_GetError());
    else if (IMG_SavePNG(surface, path) != 0)
        st = cv_fail(err, CV_ERR_IO, path, 0, "cannot write the screenshot: %s", IMG_GetError());
    SDL_FreeSurface(surface);
    return st;
}
