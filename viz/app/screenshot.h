/*
 * screenshot.h — the S key: what the window shows, saved as a PNG.
 *
 * The file goes into the working directory as
 * conveyor-<scenario>-<YYYYmmdd-HHMMSS>.png so a class's screenshots sort by
 * time and say which lesson they show; a second one within the same second
 * gets -2, -3, ... rather than overwriting the first.
 */
#ifndef CONVEYOR_VIZ_SCREENSHOT_H
#define CONVEYOR_VIZ_SCREENSHOT_H

#include <SDL.h>
#include <stddef.h>
#include <time.h>

#include "conveyor/status.h"

/* A file name that does not exist yet, for scenario at local time `when`. */
void cv_screenshot_name(const char *scenario, time_t when, char *out, size_t out_size);

/* Read back what has been drawn on the renderer (before presenting) into path. */
cv_status cv_screenshot_save(SDL_Renderer *renderer, const char *path, cv_error *err);

#endif
