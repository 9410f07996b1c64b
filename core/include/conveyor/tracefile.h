/*
 * tracefile.h — conveyor's native trace file (`--trace run.cvtrace`): a run's
 * events in their compact form, written and read back as fast as the disk
 * allows, for runs too big for Chrome trace JSON.
 *
 * The file holds the scenario's labels, the lanes, the run's result and its
 * explanation in a header, then each lane's events in chunks of delta-encoded
 * varints (about 3-4 bytes an event), each chunk with a CRC-32, then an end
 * section with the totals. It starts with a magic number and a format
 * version, so a damaged, cut-short or foreign file is a clear CV_ERR_INPUT,
 * never a crash. docs/trace-format.md describes every byte.
 *
 * This library (conveyor-tracefile, core/tracefile) depends on the trace
 * library, the run result and the scenario's limits as data and zlib (for
 * its CRC-32) only: no engine, no SDL, no JSON, so a program of your own can
 * write the file too.
 */
#ifndef CONVEYOR_TRACEFILE_H
#define CONVEYOR_TRACEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conveyor/run_result.h"
#include "conveyor/status.h"
#include "conveyor/trace.h"

/* The file name ending that selects the native format on the command line. */
#define CV_TRACEFILE_EXTENSION ".cvtrace"

/* The format version this library writes and the newest it reads (it reads
 * every older one: version 1 lacks the sync mode and GIL, 2 whether each
 * lane's os id is a tid or a pid). */
#define CV_TRACEFILE_VERSION 3

/* True when path ends in CV_TRACEFILE_EXTENSION (case-sensitive). */
bool cv_tracefile_is_native_name(const char *path);

/*
 * Write trace (and result, when not NULL: outcome, totals, ledger, the
 * explanation and every worker's summary) to path; "-" writes to stdout.
 * Streams: memory use does not grow with the trace. A file is written under
 * a temporary name in the same folder and renamed into place once complete,
 * so path is either the whole trace or untouched. Events of kinds that are
 * neither states nor put/get are left out (as the Chrome trace writer does).
 * CV_ERR_IO naming the path when writing fails; CV_ERR_USAGE for a NULL
 * path or trace.
 */
cv_status cv_tracefile_write(const char *path, const cv_trace *trace, const cv_run_result *result,
                             cv_error *err);

/*
 * Read a native trace file ("-" reads stdin) into trace (finished, with its
 * lanes, events, outcome and labels; free it with cv_trace_free). When the
 * file holds a run result and result is not NULL, it is filled (free its
 * workers with cv_tracefile_result_free) and *has_result set; otherwise
 * *has_result is false and result zeroed. has_result may be NULL.
 * Errors, with trace empty and result zeroed: CV_ERR_INPUT naming the file
 * when it cannot be opened, is not a conveyor trace (wrong magic number), has
 * a newer format version, is cut short, fails a checksum, holds a value out
 * of range, or declares more events than cv_trace_memory_limit_bytes allows
 * (the message names the limit, and nothing is read first); CV_ERR_NOMEM
 * when memory runs out below that limit.
 */
cv_status cv_tracefile_read(const char *path, cv_trace *trace, cv_run_result *result,
                            bool *has_result, cv_error *err);

/* Free the worker summaries cv_tracefile_read put in result, and zero it. */
void cv_tracefile_result_free(cv_run_result *result);

/*
 * The most event memory (16 bytes an event) a trace reader may keep: three
 * quarters of this machine's physical memory, or of the address-space or
 * data limit (ulimit -v / -d) when lower. CONVEYOR_TRACE_MEMORY_MB, when set
 * to a positive number, replaces it. Never 0.
 */
uint64_t cv_trace_memory_limit_bytes(void);

/* The limit in words, for messages: "the 16 MB limit set by
 * CONVEYOR_TRACE_MEMORY_MB", or "the 17.6 GB limit (3/4 of this machine's
 * memory; CONVEYOR_TRACE_MEMORY_MB changes it)". Writes at most size bytes. */
void cv_trace_memory_limit_describe(char *out, size_t size);

#endif
