/*
 * output_file.h — a streamed export file: opened with a large stdio buffer
 * ("-" is stdout), and on close every write error is reported with the
 * file's name and a half-written file is removed, so a failed export never
 * leaves something that looks complete.
 */
#ifndef CONVEYOR_VIZ_EXPORT_OUTPUT_FILE_H
#define CONVEYOR_VIZ_EXPORT_OUTPUT_FILE_H

#include <stdio.h>

#include "conveyor/status.h"

typedef struct cv_output_file {
    FILE *stream;
    char *buffer;
    const char *path;
    const char *what; /* "trace", "table": for messages */
} cv_output_file;

/* Open path for writing; errno is cleared so close can name the first failure. */
cv_status cv_output_open(cv_output_file *file, const char *path, const char *what, cv_error *err);

/* Flush and close; CV_ERR_IO (and the file removed) if anything failed. */
cv_status cv_output_close(cv_output_file *file, cv_error *err);

#endif
