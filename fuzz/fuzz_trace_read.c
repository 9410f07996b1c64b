/*
 * fuzz_trace_read.c — libFuzzer harness for the Chrome trace reader.
 *
 * The input is the file's bytes, handed to cv_chrome_trace_read through a
 * memfd so the real path-based code runs. Beyond "no crash": a failure is
 * CV_ERR_INPUT with a non-empty message and leaves the trace empty, and a
 * trace that reads cleanly is written out and read back to the very same
 * trace (the writer and the reader agree on everything the reader accepts).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "export/chrome_trace_read.h"
#include "export/chrome_trace_write.h"
#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    const char *again_path = cv_fuzz_output_path("again.json");
    int fd = cv_fuzz_memfd(data, size, path, sizeof path);
    cv_error err = {0};
    cv_trace trace;
    cv_status status = cv_chrome_trace_read(path, &trace, &err);
    close(fd);
    if (status != CV_OK) {
        cv_fuzz_check_failure(status, &err, &trace);
        return 0;
    }
    /* Written to a real file: the writer replaces its target by renaming a
     * complete temporary file over it (output_file.c), which a memfd's
     * /proc/self/fd link cannot take. */
    if (cv_chrome_trace_write(again_path, &trace, NULL, &err) != CV_OK)
        abort();
    cv_trace again;
    if (cv_chrome_trace_read(again_path, &again, &err) != CV_OK)
        abort();
    unlink(again_path);
    cv_fuzz_check_same_trace(&trace, &again);
    cv_trace_free(&again);
    cv_trace_free(&trace);
    return 0;
}
