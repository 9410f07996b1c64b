/*
 * screenshot.h — the S key: what the window shows, saved as a PNG.
 *
 * The file goes into the working directory as
 * conveyor-<scenario>-<YYYYmmdd-HHMMSS>.png so a class's screenshots sort by
 * time and say which lesson they show; a second one within the same second
 * gets -2, -3, ... rather than overwriting the first (or anything else).
 */
#ifndef CONVEYOR_VIZ_SCREENSHOT_H
#define CONVEYOR_VIZ_SCREENSHOT_H

#include <SDL.h>
#include <stddef.h>
#include <time.h>

#include "conveyor/status.h"

/* The most screenshots of one scenario within one second. */
#define CV_SCREENSHOT_MAX_NUMBER 9999

/* Claim the first free name for scenario at local time `when` in the working
 * directory: an empty file created with O_CREAT|O_EXCL|O_NOFOLLOW, its name in
 * out. CV_ERR_IO when the folder cannot be written or every name is taken. */
cv_status cv_screenshot_reserve(const char *scenario, time_t when, char *out, size_t out_size,
                                cv_error *err);

/* Read back what has been drawn on the renderer (before presenting) into the
 * claimed path; on failure the claimed file is removed. */
cv_status cv_screenshot_save(SDL_Renderer *renderer, const char *path, cv_error *err);

#endif
