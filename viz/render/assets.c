/*
 * assets.c — the asset lookup order described in assets.h. Every candidate
 * tried is listed in the error so a broken install says where it looked.
 */
#include "render/assets.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool readable(const char *path)
{
    return access(path, R_OK) == 0;
}

/* dir/file into out; false if it does not fit. */
static bool join(char *out, size_t out_size, const char *dir, const char *file)
{
    int n = snprintf(out, out_size, "%s/%s", dir, file);
    return n > 0 && (size_t)n < out_size;
}

bool cv_data_dir_beside_executable(const char *part, char *out, size_t out_size)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return false;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return false;
    *slash = '\0';
    int m = snprintf(out, out_size, "%s/../share/conveyor/%s", exe, part);
    struct stat info;
    return m > 0 && (size_t)m < out_size && stat(out, &info) == 0 && S_ISDIR(info.st_mode);
}

cv_status cv_assets_find(const char *file, char *out, size_t out_size, cv_error *err)
{
    char exe_dir[PATH_MAX] = "";
    const char *dirs[4];
    int count = 0;
    const char *env = getenv("CONVEYOR_ASSETS");
    if (env && *env)
        dirs[count++] = env;
    /* An installed program uses its own files, even if built from a checkout. */
    if (cv_data_dir_beside_executable("assets", exe_dir, sizeof exe_dir))
        dirs[count++] = exe_dir;
#ifdef CONVEYOR_SOURCE_DIR
    dirs[count++] = CONVEYOR_SOURCE_DIR "/assets";
#endif
#ifdef CONVEYOR_INSTALL_DATADIR
    dirs[count++] = CONVEYOR_INSTALL_DATADIR "/assets";
#endif

    char tried[CV_ERROR_MESSAGE_MAX / 2] = "";
    for (int i = 0; i < count; i++) {
        if (join(out, out_size, dirs[i], file) && readable(out))
            return CV_OK;
        size_t used = strlen(tried);
        snprintf(tried + used, sizeof tried - used, "%s%s", used ? ", " : "", dirs[i]);
    }
    return cv_fail(err, CV_ERR_INPUT, "", 0,
                   "cannot find the asset '%s' (looked in: %s); set CONVEYOR_ASSETS to the "
                   "folder that has it",
                   file, tried);
}
