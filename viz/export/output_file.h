/*
 * output_file.h — an export file that is complete or absent.
 *
 * A regular file (new or existing) is written to a temporary file created
 * beside it with O_CREAT|O_EXCL|O_NOFOLLOW, and renamed over it only when
 * every write, the flush, fsync and close succeeded: a reader sees the old
 * file or the whole new one, never half of one, and a failure removes only
 * the temporary file, never what the user named. A symlink named as the
 * output is followed: its target is replaced the same way and the link stays.
 * An existing file that is not a regular file (a device such as /dev/null or
 * /dev/full, a FIFO, /dev/stdout) is written in place and never removed; "-"
 * is standard output. A stop request (a signal during the exports) makes
 * close fail and discard the temporary file.
 */
#ifndef CONVEYOR_VIZ_EXPORT_OUTPUT_FILE_H
#define CONVEYOR_VIZ_EXPORT_OUTPUT_FILE_H

#include <stdbool.h>
#include <stdio.h>

#include "conveyor/status.h"

typedef struct cv_output_file {
    FILE *stream;
    int fd; /* under stream (not for stdout) */
    char *buffer;
    const char *path; /* as the caller named it, for messages */
    const char *what; /* "trace", "table": for messages */
    char *target;     /* the file the temporary one replaces (a link's target) */
    char *temporary;  /* NULL when written in place */
    bool to_stdout;   /* "-" */
} cv_output_file;

/* Open path for writing (see above). CV_ERR_IO naming path when the folder is
 * missing or unwritable, path is a directory, or a link cannot be resolved. */
cv_status cv_output_open(cv_output_file *file, const char *path, const char *what, cv_error *err);

/* Check every write, flush, fsync, close, and rename the temporary file into
 * place. CV_ERR_IO (the temporary file removed, the target untouched) if
 * anything failed or a stop was requested. A broken pipe on standard output
 * counts as success: the reader chose to stop reading. */
cv_status cv_output_close(cv_output_file *file, cv_error *err);

/* Give up: close and remove the temporary file (nothing else). */
void cv_output_discard(cv_output_file *file);

/* Ask exports in progress to stop (async-signal-safe), and whether one was. */
void cv_output_request_stop(void);
bool cv_output_stop_requested(void);

/* From a signal handler about to _exit: remove the temporary file being
 * written, if any (async-signal-safe). */
void cv_output_abandon_from_signal(void);

/*
 * Create a new file at path with O_CREAT|O_EXCL|O_NOFOLLOW (mode 0666 less the
 * umask): fails with EEXIST when anything, a link included, is already there.
 * Returns the descriptor or -1 with errno set.
 */
int cv_output_create_new(const char *path);

#endif
