/*
 * fuzz_tracefile_read.c — libFuzzer harness for the native trace file reader.
 *
 * The input is the file's bytes, handed to cv_tracefile_read through a memfd
 * so the real path-based code runs. Beyond "no crash": a failure is
 * CV_ERR_INPUT (or CV_ERR_NOMEM) with a non-empty message and leaves the
 * trace and result empty, and a file that reads cleanly is written out and
 * read back to the very same trace and result (the writer and the reader
 * agree on everything the reader accepts). The CRC-32 of every section
 * would stop a fuzzer at the first section, so in this harness it is
 * recomputed over what the fuzzer made (fix_checksums) before reading: the
 * fields behind the check get fuzzed too, not only the check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "byte_order.h"
#include "conveyor/tracefile.h"
#include "tracefile_format.h"
#include "fuzz_support.h"

/* Rewrite each whole section's CRC-32 to match its bytes. */
static void fix_checksums(uint8_t *data, size_t size)
{
    size_t at = CV_TRACEFILE_PREAMBLE_BYTES;
    while (at + CV_TRACEFILE_SECTION_HEADER_BYTES <= size) {
        uint8_t *header = data + at;
        size_t bytes = cv_load_u32(header + 4);
        if (bytes > size - at - CV_TRACEFILE_SECTION_HEADER_BYTES)
            return;
        uint8_t *payload = header + CV_TRACEFILE_SECTION_HEADER_BYTES;
        cv_store_u32(header + 8, cv_section_crc(header, payload, bytes));
        at += CV_TRACEFILE_SECTION_HEADER_BYTES + bytes;
    }
}

/* A failure also leaves the result empty. */
static void check_failure(cv_status status, const cv_error *err, const cv_trace *trace,
                          const cv_run_result *result)
{
    cv_fuzz_check_failure(status, err, trace);
    if (result->workers)
        abort();
}

/* The native file also keeps the buffer's size and the parent's pid. */
static void check_same(const cv_trace *a, const cv_trace *b)
{
    cv_fuzz_check_same_trace(a, b);
    if (a->buffer_slots != b->buffer_slots || a->parent_pid != b->parent_pid)
        abort();
}

static void check_same_result(const cv_run_result *a, const cv_run_result *b)
{
    if (a->worker_count != b->worker_count || strcmp(a->explanation, b->explanation) != 0 ||
        a->items_consumed != b->items_consumed || a->outcome != b->outcome)
        abort();
    for (uint32_t i = 0; i < a->worker_count; i++) {
        if (memcmp(&a->workers[i], &b->workers[i], sizeof a->workers[i]) != 0)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        abort();
    memcpy(copy, data, size);
    fix_checksums(copy, size);
    int fd = cv_fuzz_memfd(copy, size, path, sizeof path);
    free(copy);
    cv_error err = {0};
    cv_trace trace;
    cv_run_result result;
    bool has_result;
    cv_status status = cv_tracefile_read(path, &trace, &result, &has_result, &err);
    close(fd);
    if (status != CV_OK) {
        check_failure(status, &err, &trace, &result);
        return 0;
    }
    if (cv_tracefile_write(cv_fuzz_output_path("again.cvtrace"), &trace,
                           has_result ? &result : NULL, &err) != CV_OK)
        abort();
    cv_trace again;
    cv_run_result again_result;
    bool again_has_result;
    if (cv_tracefile_read(cv_fuzz_output_path("again.cvtrace"), &again, &again_result,
                          &again_has_result, &err) != CV_OK)
        abort();
    if (again_has_result != has_result)
        abort();
    check_same(&trace, &again);
    if (has_result)
        check_same_result(&result, &again_result);
    cv_trace_free(&again);
    cv_trace_free(&trace);
    cv_tracefile_result_free(&result);
    cv_tracefile_result_free(&again_result);
    return 0;
}
