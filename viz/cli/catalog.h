/*
 * catalog.h — the shipped lessons: where they live, how a name like
 * "classic" becomes a file, and the list `conveyor list` prints.
 */
#ifndef CONVEYOR_CLI_CATALOG_H
#define CONVEYOR_CLI_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "conveyor/scenario.h"

typedef struct cv_catalog_entry {
    char name[CV_NAME_MAX];               /* the file name without .ini: what `run` takes */
    char description[CV_DESCRIPTION_MAX]; /* [run] description, or why the file does not load */
    char path[CV_PATH_MAX];
    bool loads; /* the file passed the loader */
} cv_catalog_entry;

/*
 * The lessons folder: $CONVEYOR_SCENARIOS, else the source tree's scenarios/
 * (when run from a build), else ../share/conveyor/scenarios next to the
 * executable, else the configured install location.
 */
const char *cv_catalog_dir(void);

/* An existing file path wins; else NAME (or NAME.ini) in the catalog. */
bool cv_catalog_resolve(const char *name_or_path, char *out, size_t out_size);

/*
 * Every *.ini of the catalog, sorted by name, in one array for free().
 * Returns the count (0 for an empty folder), or -1 if the folder cannot be
 * read; *out is NULL when the count is not positive.
 */
int cv_catalog_list(cv_catalog_entry **out);

#endif
