/*
 * catalog.c — finding the shipped lessons. The same binary must find them
 * in three situations: run from a build tree (the source's scenarios/),
 * installed (share/conveyor/scenarios), and under ctest or a course's own
 * folder ($CONVEYOR_SCENARIOS). A lesson is listed even when it does not
 * load, with the reason as its description, so a broken file is noticed.
 */
#include "catalog.h"

#include "render/assets.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_directory(const char *path)
{
    struct stat info;
    return stat(path, &info) == 0 && S_ISDIR(info.st_mode);
}

static bool is_file(const char *path)
{
    struct stat info;
    return stat(path, &info) == 0 && S_ISREG(info.st_mode);
}

const char *cv_catalog_dir(void)
{
    static char dir[PATH_MAX];
    const char *env = getenv("CONVEYOR_SCENARIOS");
    if (env && env[0] != '\0')
        return env;
    /* An installed program uses its own lessons, even if built from a checkout. */
    if (cv_data_dir_beside_executable("scenarios", dir, sizeof dir))
        return dir;
    snprintf(dir, sizeof dir, "%s/scenarios", CONVEYOR_SOURCE_DIR);
    if (is_directory(dir))
        return dir;
    snprintf(dir, sizeof dir, "%s/scenarios", CONVEYOR_INSTALL_DATADIR);
    return dir;
}

static bool ends_with_ini(const char *name)
{
    size_t length = strlen(name);
    return length > 4 && strcmp(name + length - 4, ".ini") == 0;
}

bool cv_catalog_resolve(const char *name_or_path, char *out, size_t out_size)
{
    if (!name_or_path || name_or_path[0] == '\0')
        return false;
    if (is_file(name_or_path)) {
        int n = snprintf(out, out_size, "%s", name_or_path);
        return n > 0 && (size_t)n < out_size;
    }
    if (strchr(name_or_path, '/'))
        return false; /* a path that does not exist is not a lesson name */
    const char *suffix = ends_with_ini(name_or_path) ? "" : ".ini";
    int n = snprintf(out, out_size, "%s/%s%s", cv_catalog_dir(), name_or_path, suffix);
    return n > 0 && (size_t)n < out_size && is_file(out);
}

static int ini_file(const struct dirent *entry)
{
    return entry->d_name[0] != '.' && ends_with_ini(entry->d_name);
}

static void describe(cv_catalog_entry *entry, const char *dir, const char *file_name)
{
    memset(entry, 0, sizeof *entry);
    snprintf(entry->path, sizeof entry->path, "%s/%s", dir, file_name);
    size_t stem = strlen(file_name) - 4;
    if (stem >= sizeof entry->name)
        stem = sizeof entry->name - 1;
    memcpy(entry->name, file_name, stem);
    static cv_scenario scenario;
    static cv_diagnostics diag;
    /* A FIFO or device named *.ini would block or never end: only regular files are read. */
    if (!is_file(entry->path)) {
        snprintf(entry->description, sizeof entry->description, "(not a regular file)");
        return;
    }
    entry->loads = cv_scenario_load_file(entry->path, NULL, 0, &scenario, &diag) == CV_OK;
    if (entry->loads)
        snprintf(entry->description, sizeof entry->description, "%s", scenario.description);
    else if (diag.count > 0 && diag.items[0].line > 0)
        snprintf(entry->description, sizeof entry->description, "(does not load: line %d: %.400s)",
                 diag.items[0].line, diag.items[0].message);
    else if (diag.count > 0)
        snprintf(entry->description, sizeof entry->description, "(does not load: %.400s)",
                 diag.items[0].message);
}

int cv_catalog_list(cv_catalog_entry **out)
{
    *out = NULL;
    const char *dir = cv_catalog_dir();
    struct dirent **names = NULL;
    int count = scandir(dir, &names, ini_file, alphasort);
    if (count <= 0) {
        free(names);
        return count < 0 ? -1 : 0;
    }
    cv_catalog_entry *entries = calloc((size_t)count, sizeof *entries);
    for (int i = 0; i < count; i++) {
        if (entries)
            describe(&entries[i], dir, names[i]->d_name);
        free(names[i]);
    }
    free(names);
    if (!entries)
        return -1;
    *out = entries;
    return count;
}
