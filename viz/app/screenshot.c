/*
 * screenshot.c — the S key (see screenshot.h). The pixels are read from the
 * renderer's back buffer, so the caller saves after drawing and before
 * SDL_RenderPresent, when the back buffer still holds the frame.
 *
 * The working directory may be shared (a lab's /tmp): the name is claimed
 * with O_CREAT|O_EXCL|O_NOFOLLOW, never checked first and opened later, so a
 * planted link or a file that appears meanwhile is skipped, not written
 * through; the picture then replaces the empty claimed file atomically.
 */
#include "app/screenshot.h"

#include <SDL_image.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "export/output_file.h"

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

cv_status cv_screenshot_reserve(const char *scenario, time_t when, char *out, size_t out_size,
                                cv_error *err)
{
    char name[64], stamp[32];
    safe_name(scenario, name, sizeof name);
    struct tm local;
    localtime_r(&when, &local);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
    for (int n = 1; n <= CV_SCREENSHOT_MAX_NUMBER; n++) {
        if (n == 1)
            snprintf(out, out_size, "conveyor-%s-%s.png", name, stamp);
        else
            snprintf(out, out_size, "conveyor-%s-%s-%d.png", name, stamp, n);
        int fd = cv_output_create_new(out);
        if (fd >= 0) {
            close(fd);
            return CV_OK;
        }
        /* Anything already there, a planted link included, is someone else's. */
        if (errno != EEXIST)
            return cv_fail(err, CV_ERR_IO, out, 0, "cannot create the screenshot: %s",
                           strerror(errno));
    }
    return cv_fail(err, CV_ERR_IO, out, 0, "cannot create the screenshot: %d files named like it",
                   CV_SCREENSHOT_MAX_NUMBER);
}

static cv_status write_png(SDL_Surface *surface, const char *path, cv_error *err)
{
    cv_output_file file;
    cv_status st = cv_output_open(&file, path, "screenshot", err);
    if (st != CV_OK)
        return st;
    SDL_RWops *stream = SDL_RWFromFP(file.stream, SDL_FALSE);
    if ((stream ? IMG_SavePNG_RW(surface, stream, 1) : -1) != 0 && !ferror(file.stream)) {
        cv_output_discard(&file);
        return cv_fail(err, CV_ERR_IO, path, 0, "cannot write the screenshot: %s", IMG_GetError());
    }
    return cv_output_close(&file, err);
}

cv_status cv_screenshot_save(SDL_Renderer *renderer, const char *path, cv_error *err)
{
    int w, h;
    cv_status st = CV_OK;
    SDL_Surface *surface = NULL;
    if (SDL_GetRendererOutputSize(renderer, &w, &h) != 0) {
        st = cv_fail(err, CV_ERR_SYSTEM, "", 0, "cannot size the window: %s", SDL_GetError());
    } else if (!(surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 24, SDL_PIXELFORMAT_RGB24))) {
        st = cv_fail(err, CV_ERR_NOMEM, "", 0, "cannot hold a %dx%d screenshot: %s", w, h,
                     SDL_GetError());
    } else if (SDL_RenderReadPixels(renderer, NULL, SDL_PIXELFORMAT_RGB24, surface->pixels,
                                    surface->pitch) != 0) {
        st = cv_fail(err, CV_ERR_SYSTEM, "", 0, "cannot read the window's pixels: %s",
                     SDL_GetError());
    } else {
        st = write_png(surface, path, err);
    }
    SDL_FreeSurface(surface);
    /* The reserved name is ours and empty: leave nothing that looks like a picture. */
    if (st != CV_OK)
        unlink(path);
    return st;
}
