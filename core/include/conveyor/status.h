/*
 * status.h — how conveyor's library reports failure.
 *
 * Errors are values: a function that can fail returns a cv_status and fills a
 * cv_error with the file and line the problem belongs to (a scenario file, or
 * empty for system errors) and a human message. Only the command line prints
 * them and chooses an exit code. A scenario can have many problems at once, so
 * the parser collects up to CV_MAX_DIAGNOSTICS of them in a cv_diagnostics.
 */
#ifndef CONVEYOR_STATUS_H
#define CONVEYOR_STATUS_H

#include <stdarg.h>

typedef enum cv_status {
    CV_OK = 0,
    CV_ERR_USAGE,    /* bad arguments from the caller (exit 2) */
    CV_ERR_SCENARIO, /* the scenario file is wrong (exit 2) */
    CV_ERR_INPUT,    /* a file we read (trace, ...) is malformed (exit 2) */
    CV_ERR_SYSTEM,   /* the OS refused: fork, shm_open, mmap, ... (exit 1) */
    CV_ERR_NOMEM,    /* out of memory (exit 1) */
    CV_ERR_IO        /* writing an output file failed (exit 1) */
} cv_status;

#define CV_ERROR_FILE_MAX 512
#define CV_ERROR_MESSAGE_MAX 512

typedef struct cv_error {
    char file[CV_ERROR_FILE_MAX];       /* "" when no file applies */
    int line;                           /* 0 when no line applies */
    char message[CV_ERROR_MESSAGE_MAX]; /* without the "file:line: error:" prefix */
} cv_error;

/* Fill err (if not NULL) and return status, so callers can `return cv_fail(...)`. */
cv_status cv_fail(cv_error *err, cv_status status, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Like cv_fail for an OS call that set errno: "<what>: <strerror(errno)>". */
cv_status cv_fail_errno(cv_error *err, const char *what);

#define CV_MAX_DIAGNOSTICS 20

/* All the problems found in one input, in the order found. */
typedef struct cv_diagnostics {
    int count;      /* entries filled in items[] */
    int suppressed; /* further problems found but not stored */
    cv_error items[CV_MAX_DIAGNOSTICS];
} cv_diagnostics;

void cv_diagnostics_clear(cv_diagnostics *diag);
void cv_diagnostics_add(cv_diagnostics *diag, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void cv_diagnostics_addv(cv_diagnostics *diag, const char *file, int line, const char *fmt,
                         va_list args);

#endif
