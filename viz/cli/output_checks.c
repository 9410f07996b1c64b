/*
 * output_checks.c — see output_checks.h. Everything here is a question about
 * the file system asked before the run; export/output_file.c still checks
 * every write, since the answers can change by the time the files are written.
 */
#include "output_checks.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conveyor/folder.h"
#include "diagnostics.h"
#include "export/png.h"
#include "export/svg.h"

typedef struct named_output {
    const char *option; /* "--png" */
    const char *path;
} named_output;

/* The folder a new file at path would be created in ("." for a bare name). */
static void folder_of(const char *path, char *out, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(out, size, ".");
    else if (slash == path)
        snprintf(out, size, "/");
    else
        snprintf(out, size, "%.*s", (int)(slash - path), path);
}

static int check_place(const char *command, const named_output *o)
{
    if (o->path[0] == '\0')
        return cv_usage_error(command, "%s needs a file name", o->option);
    if (strcmp(o->path, "-") == 0)
        return -1;
    struct stat info;
    if (stat(o->path, &info) == 0) {
        if (S_ISDIR(info.st_mode))
            return cv_usage_error(command, "%s %s: is a directory", o->option, o->path);
        if (!S_ISREG(info.st_mode))
            return access(o->path, W_OK) == 0
                       ? -1
                       : cv_usage_error(command, "%s %s: cannot be written: %s", o->option, o->path,
                                        strerror(errno));
    }
    /* A new or replaced file is created beside its target (a link's target). */
    char *target = realpath(o->path, NULL);
    char folder[PATH_MAX];
    folder_of(target ? target : o->path, folder, sizeof folder);
    free(target);
    if (stat(folder, &info) != 0 || !S_ISDIR(info.st_mode))
        return cv_usage_error(command, "%s %s: the folder '%s' does not exist", o->option, o->path,
                              folder);
    int error = cv_folder_refuses_new_files(folder);
    if (error == ENOENT) /* /proc, /sys: a folder that takes no new files */
        return cv_usage_error(command, "%s %s: the folder '%s' does not take new files", o->option,
                              o->path, folder);
    if (error != 0)
        return cv_usage_error(command, "%s %s: the folder '%s' cannot be written: %s", o->option,
                              o->path, folder, strerror(error));
    return -1;
}

/* Two names for one file: the same existing file, or the same new name. */
static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    bool a_exists = stat(a, &sa) == 0, b_exists = stat(b, &sb) == 0;
    if (a_exists || b_exists)
        return a_exists && b_exists && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    char folder_a[PATH_MAX], folder_b[PATH_MAX];
    folder_of(a, folder_a, sizeof folder_a);
    folder_of(b, folder_b, sizeof folder_b);
    const char *base_a = strrchr(a, '/') ? strrchr(a, '/') + 1 : a;
    const char *base_b = strrchr(b, '/') ? strrchr(b, '/') + 1 : b;
    return strcmp(base_a, base_b) == 0 && stat(folder_a, &sa) == 0 && stat(folder_b, &sb) == 0 &&
           sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Devices and FIFOs may be named twice (--csv /dev/null --svg /dev/null). */
static bool is_special(const char *path)
{
    struct stat info;
    return strcmp(path, "-") != 0 && stat(path, &info) == 0 && !S_ISREG(info.st_mode);
}

static int check_distinct(const char *command, const named_output *list, size_t count,
                          const char *const *inputs, size_t input_count)
{
    size_t to_stdout = 0;
    for (size_t i = 0; i < count; i++) {
        if (strcmp(list[i].path, "-") == 0 && ++to_stdout > 1)
            return cv_usage_error(command, "only one output can be '-' (standard output)");
        for (size_t k = 0; k < input_count; k++) {
            if (inputs[k] && strcmp(list[i].path, "-") != 0 && same_file(list[i].path, inputs[k]))
                return cv_usage_error(command, "%s %s would overwrite the input %s", list[i].option,
                                      list[i].path, inputs[k]);
        }
        for (size_t j = 0; j < i; j++) {
            if (strcmp(list[i].path, "-") != 0 && !is_special(list[i].path) &&
                same_file(list[i].path, list[j].path))
                return cv_usage_error(command, "%s and %s both name the file %s", list[j].option,
                                      list[i].option, list[i].path);
        }
    }
    return -1;
}

static int check_pictures(const cv_outputs *outputs, const char *command)
{
    cv_error error = {0};
    if (outputs->png_path) {
        cv_png_options png = {.width = outputs->width,
                              .height = outputs->height,
                              .range_start_ns = outputs->range_start_ns,
                              .range_end_ns = outputs->range_end_ns};
        if (cv_png_check_options(&png, &error) != CV_OK)
            return cv_usage_error(command, "--png: %s", error.message);
    }
    if (outputs->svg_path) {
        cv_svg_options svg = {.width = outputs->width,
                              .height = outputs->height,
                              .range_start_ns = outputs->range_start_ns,
                              .range_end_ns = outputs->range_end_ns};
        if (cv_svg_check_options(&svg, &error) != CV_OK)
            return cv_usage_error(command, "--svg: %s", error.message);
    }
    return -1;
}

int cv_outputs_check(const cv_outputs *outputs, const char *command, const char *const *input_paths,
                     size_t input_count)
{
    const named_output all[] = {
        {"--report", outputs->report_path}, {"--trace", outputs->trace_path},
        {"--csv", outputs->csv_path},       {"--png", outputs->png_path},
        {"--svg", outputs->svg_path},       {"--save-schedule", outputs->schedule_path},
    };
    named_output given[sizeof all / sizeof all[0]];
    size_t count = 0;
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (all[i].path)
            given[count++] = all[i];
    }
    for (size_t i = 0; i < count; i++) {
        int status = check_place(command, &given[i]);
        if (status >= 0)
            return status;
    }
    int status = check_distinct(command, given, count, input_paths, input_count);
    if (status >= 0)
        return status;
    return check_pictures(outputs, command);
}
