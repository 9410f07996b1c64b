/*
 * fuzz_support.h — what the trace reader harnesses share: the input's bytes
 * as a path the real path-based readers open, a path of the process's own to
 * write a copy back to, and the checks on what a reader returned.
 */
#ifndef CONVEYOR_FUZZ_SUPPORT_H
#define CONVEYOR_FUZZ_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "conveyor/status.h"
#include "conveyor/trace.h"

/* A memfd holding data; its /proc/self/fd path goes to path. Returns the fd
 * (the caller closes it); aborts if the memfd cannot be made. */
int cv_fuzz_memfd(const uint8_t *data, size_t size, char *path, size_t path_size);

/* A path named `name` in a temporary folder of this process's own (the
 * writers rename a complete temporary file into place, which a memfd's link
 * cannot take). The folder is made once; it and the file are removed at
 * exit. `name` must be the same on every call. */
const char *cv_fuzz_output_path(const char *name);

/* A reader's failure: CV_ERR_INPUT (or NOMEM) with a non-empty message, and
 * the trace left empty; aborts otherwise. */
void cv_fuzz_check_failure(cv_status status, const cv_error *err, const cv_trace *trace);

/* Two traces with the same run labels, lanes and events; aborts otherwise. */
void cv_fuzz_check_same_trace(const cv_trace *a, const cv_trace *b);

#endif
