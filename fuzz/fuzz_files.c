/*
 * fuzz_files.c — a memfd for the input, a private folder for the copy
 * written back (see fuzz_files.h).
 */
#include "fuzz_files.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int cv_fuzz_memfd(const uint8_t *data, size_t size, char *path, size_t path_size)
{
    int fd = memfd_create("trace", 0);
    if (fd < 0)
        abort();
    if (size > 0 && write(fd, data, size) != (ssize_t)size)
        abort();
    snprintf(path, path_size, "/proc/self/fd/%d", fd);
    return fd;
}

static char folder[] = "/tmp/conveyor-fuzz-XXXXXX";
static char output[sizeof folder + 64];

static void remove_output(void)
{
    unlink(output);
    rmdir(folder);
}

const char *cv_fuzz_output_path(const char *name)
{
    if (!output[0]) {
        if (!mkdtemp(folder))
            abort();
        snprintf(output, sizeof output, "%s/%s", folder, name);
        atexit(remove_output);
    }
    return output;
}
