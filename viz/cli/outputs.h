/*
 * outputs.h — the files a user asked for with --report, --trace, --csv,
 * --png and --svg, written after a run (headless or windowed) or from a
 * replayed trace. Every file is attempted; each failure is printed.
 */
#ifndef CONVEYOR_CLI_OUTPUTS_H
#define CONVEYOR_CLI_OUTPUTS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "conveyor/run_result.h"
#include "conveyor/scenario.h"
#include "conveyor/trace.h"
#include "render/theme.h"

typedef struct cv_outputs {
    const char *report_path;
    const char *trace_path;
    const char *csv_path;
    const char *png_path;
    const char *svg_path;
    const char *schedule_path; /* run --save-schedule: the steps taken (cmd_run writes it) */
    int width;                 /* --size; 0 = 1600 */
    int height;                /* 0 = 900 */
    cv_theme_id theme;
    int64_t range_start_ns; /* --range; both 0 = the whole run */
    int64_t range_end_ns;
    bool arrows; /* --arrows: item hand-over arrows in the PNG and SVG (and the window) */
} cv_outputs;

bool cv_outputs_any(const cv_outputs *outputs);

/* Write every requested file; false if any failed (each failure printed).
 * scenario and result may be NULL (a replayed trace has no live result). */
bool cv_outputs_write(const cv_outputs *outputs, const cv_scenario *scenario, const cv_trace *trace,
                      const cv_run_result *result, bool quiet);

/* Say on stderr (even with --quiet) when the trace lost events; false when
 * this was a live run (result not NULL) and a trace, CSV or picture was
 * asked for, since those files have gaps. */
bool cv_outputs_report_dropped(const cv_outputs *outputs, const cv_trace *trace,
                               const cv_run_result *result);

/* stderr when one of the outputs is "-" (standard output), else stdout: where
 * the summary and other text go so they never mix with a file's bytes. */
FILE *cv_outputs_text_stream(const cv_outputs *outputs);

/* A --range that ends after end_ns (the trace's end) is cut to end there,
 * with a note on stderr naming the option and what (the trace file, "the
 * run"), so the picture is not mostly empty. Nothing when no range is given,
 * it ends in time, or it starts at or after end_ns (the callers refuse or
 * leave that). */
void cv_outputs_clamp_range(cv_outputs *outputs, int64_t end_ns, const char *what);

/* The picture sizes --size accepts: what both the PNG and the SVG writer can draw. */
#define CV_MIN_WIDTH 320
#define CV_MIN_HEIGHT 200
#define CV_MAX_SIDE 16384

/* Parse --size "1600x900" and --range "1.5:3" (seconds). */
bool cv_parse_size(const char *text, int *width, int *height);
bool cv_parse_range(const char *text, int64_t *start_ns, int64_t *end_ns);

#endif
