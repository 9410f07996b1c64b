/*
 * fuzz_files.h — the files the trace reader harnesses need: the input's
 * bytes as a path the real path-based readers open, and a path of the
 * process's own to write a copy back to.
 */
#ifndef CONVEYOR_FUZZ_FILES_H
#define CONVEYOR_FUZZ_FILES_H

#include <stddef.h>
#include <stdint.h>

/* A memfd holding data; its /proc/self/fd path goes to path. Returns the fd
 * (the caller closes it); aborts if the memfd cannot be made. */
int cv_fuzz_memfd(const uint8_t *data, size_t size, char *path, size_t path_size);

/* A path named `name` in a temporary folder of this process's own (the
 * writers rename a complete temporary file into place, which a memfd's link
 * cannot take). The folder is made once; it and the file are removed at
 * exit. `name` must be the same on every call. */
const char *cv_fuzz_output_path(const char *name);

#endif
