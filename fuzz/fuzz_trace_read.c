/*
 * fuzz_trace_read.c — libFuzzer harness for the Chrome trace reader.
 *
 * The input is the file's bytes, handed to cv_chrome_trace_read through a
 * memfd so the real path-based code runs. Beyond "no crash": a failure is
 * CV_ERR_INPUT with a non-empty message and leaves the trace empty, and a
 * trace that reads cleanly is written out and read back to the very same
 * trace (the writer and the reader agree on everything the reader accepts),
 * with the same result's dead workers.
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
    cv_run_result result;
    bool has_result;
    cv_status status = cv_chrome_trace_read_result(path, &trace, &result, &has_result, &err);
    close(fd);
    if (status != CV_OK) {
        cv_fuzz_check_failure(status, &err, &trace);
        return 0;
    }
    /* Written to a real file: the writer replaces its target by renaming a
     * complete temporary file over it (output_file.c), which a memfd's
     * /proc/self/fd link cannot take. */
    if (cv_chrome_trace_write(again_path, &trace, has_result ? &result : NULL, &err) != CV_OK)
        abort();
    cv_trace again;
    cv_run_result again_result;
    bool again_has_result;
    if (cv_chrome_trace_read_result(again_path, &again, &again_result, &again_has_result, &err) !=
        CV_OK)
        abort();
    unlink(again_path);
    cv_fuzz_check_same_trace(&trace, &again);
    if (again_has_result != has_result || again_result.worker_count != result.worker_count)
        abort();
    for (uint32_t i = 0; i < result.worker_count; i++) {
        const cv_worker_summary *a = &result.workers[i], *b = &again_result.workers[i];
        if (a->died != b->died || a->exit_signal != b->exit_signal || a->exit_code != b->exit_code)
            abort();
    }
    free(again_result.workers);
    free(result.workers);
    cv_trace_free(&again);
    cv_trace_free(&trace);
    return 0;
}
