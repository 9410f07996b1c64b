/*
 * output_file.c — see output_file.h. Shared by the streaming writers (Chrome
 * trace, CSV), which write millions of small records: the 4 MiB buffer turns
 * them into few large writes.
 */
#include "output_file.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define OUTPUT_BUFFER_BYTES (4u << 20)

cv_status cv_output_open(cv_output_file *file, const char *path, const char *what, cv_error *err)
{
    bool to_stdout = strcmp(path, "-") == 0;
    *file = (cv_output_file){.path = path, .what = what};
    file->stream = to_stdout ? stdout : fopen(path, "w");
    if (!file->stream)
        return cv_fail(err, CV_ERR_IO, path, 0, "cannot write the %s: %s", what, strerror(errno));
    /* stdout may already have been written to, and its buffer is not ours. */
    file->buffer = to_stdout ? NULL : malloc(OUTPUT_BUFFER_BYTES);
    if (file->buffer)
        setvbuf(file->stream, file->buffer, _IOFBF, OUTPUT_BUFFER_BYTES);
    errno = 0;
    return CV_OK;
}

cv_status cv_output_close(cv_output_file *file, cv_error *err)
{
    bool to_stdout = file->stream == stdout;
    /* errno was cleared when the file was opened, so it names the first failure. */
    bool failed = ferror(file->stream) != 0;
    int saved = errno;
    failed |= to_stdout ? fflush(file->stream) != 0 : fclose(file->stream) != 0;
    if (failed && errno)
        saved = errno;
    free(file->buffer);
    file->stream = NULL;
    file->buffer = NULL;
    if (!failed)
        return CV_OK;
    if (!to_stdout)
        remove(file->path);
    return cv_fail(err, CV_ERR_IO, file->path, 0, "cannot write the %s: %s", file->what,
                   saved ? strerror(saved) : "write failed");
}
