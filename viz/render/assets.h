/*
 * assets.h — finding conveyor's data files (the font) wherever it runs.
 *
 * The same binary runs from a build tree, from an install prefix and from a
 * relocated copy, so the lookup tries, in order: $CONVEYOR_ASSETS, the source
 * tree it was built from, the configured install data directory, and
 * ../share/conveyor/assets next to the running executable.
 */
#ifndef CONVEYOR_VIZ_ASSETS_H
#define CONVEYOR_VIZ_ASSETS_H

#include <stdbool.h>
#include <stddef.h>

#include "conveyor/status.h"

/* The full path of assets/<file> in the first place that has it, into out. */
cv_status cv_assets_find(const char *file, char *out, size_t out_size, cv_error *err);

/* <prefix>/share/conveyor/<part> for a program installed in <prefix>/bin, if
 * that folder exists (found through /proc/self/exe, so a moved install works). */
bool cv_data_dir_beside_executable(const char *part, char *out, size_t out_size);

#endif
