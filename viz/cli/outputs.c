/*
 * outputs.c — see outputs.h. The writers stream from the trace; nothing
 * here copies it.
 */
#include "outputs.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagnostics.h"
#include "export/chrome_trace_write.h"
#include "export/csv.h"
#include "export/png.h"
#include "export/report.h"
#include "export/svg.h"
#include "signals.h"

#include "conveyor/tracefile.h"

bool cv_outputs_any(const cv_outputs *outputs)
{
    return outputs->report_path || outputs->trace_path || outputs->csv_path || outputs->png_path ||
           outputs->svg_path;
}

static bool finish(cv_status status, const cv_error *error, const char *what, const char *path,
                   bool quiet)
{
    if (status != CV_OK) {
        cv_print_error(error);
        return false;
    }
    cv_signals_output_written(path);
    if (!quiet && strcmp(path, "-") != 0)
        fprintf(stderr, "wrote %s %s\n", what, path);
    return true;
}

/*
 * Dropped trace events leave gaps in the trace, the CSV and the pictures
 * (the summary and report count from the workers and stay exact). Said on
 * stderr even with --quiet; a live run that was asked for one of those files
 * fails (false), since a file with gaps is not what was asked for.
 */
bool cv_outputs_report_dropped(const cv_outputs *outputs, const cv_trace *trace,
                               const cv_run_result *result)
{
    uint64_t dropped = result ? result->dropped_events : trace->dropped_events;
    if (dropped == 0)
        return true;
    bool with_gaps =
        outputs->trace_path || outputs->csv_path || outputs->png_path || outputs->svg_path;
    fprintf(stderr,
            "conveyor: %s: %" PRIu64 " trace event(s) dropped (the collector fell behind)%s\n",
            result && with_gaps ? "error" : "warning", dropped,
            with_gaps ? ": the trace, CSV and pictures have gaps" : "");
    return !(result && with_gaps);
}

static bool write_all(const cv_outputs *outputs, const cv_scenario *scenario, const cv_trace *trace,
                      const cv_run_result *result, bool quiet);

bool cv_outputs_write(const cv_outputs *outputs, const cv_scenario *scenario, const cv_trace *trace,
                      const cv_run_result *result, bool quiet)
{
    cv_signals_exporting(true);
    bool ok = write_all(outputs, scenario, trace, result, quiet);
    cv_signals_exporting(false);
    return ok;
}

FILE *cv_outputs_text_stream(const cv_outputs *outputs)
{
    /* Every output, --save-schedule's included: whichever goes to standard
     * output, the text must not be mixed into it. */
    const char *paths[] = {outputs->report_path, outputs->trace_path, outputs->csv_path,
                           outputs->png_path,    outputs->svg_path,   outputs->schedule_path};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        if (paths[i] && strcmp(paths[i], "-") == 0)
            return stderr;
    }
    return stdout;
}

static bool write_all(const cv_outputs *outputs, const cv_scenario *scenario, const cv_trace *trace,
                      const cv_run_result *result, bool quiet)
{
    bool ok = true;
    cv_error error = {0};
    if (outputs->report_path && result)
        ok &= finish(cv_report_write(outputs->report_path, scenario, result, &error), &error,
                     "report", outputs->report_path, quiet);
    if (outputs->trace_path) {
        /* The file name picks the format: FILE.cvtrace is the native file. */
        bool native = cv_tracefile_is_native_name(outputs->trace_path);
        cv_status status = native
                               ? cv_tracefile_write(outputs->trace_path, trace, result, &error)
                               : cv_chrome_trace_write(outputs->trace_path, trace, result, &error);
        ok &= finish(status, &error, "trace", outputs->trace_path, quiet);
    }
    if (outputs->csv_path)
        ok &= finish(cv_csv_write_range(outputs->csv_path, trace, outputs->range_start_ns,
                                        outputs->range_end_ns, &error),
                     &error, "CSV", outputs->csv_path, quiet);
    if (outputs->png_path) {
        cv_png_options options = {
            .width = outputs->width,
            .height = outputs->height,
            .theme = outputs->theme,
            .range_start_ns = outputs->range_start_ns,
            .range_end_ns = outputs->range_end_ns,
            .arrows = outputs->arrows,
        };
        ok &= finish(cv_png_write(outputs->png_path, trace, result, &options, &error), &error,
                     "picture", outputs->png_path, quiet);
    }
    if (outputs->svg_path) {
        cv_svg_options options = {
            .width = outputs->width,
            .height = outputs->height,
            .theme = outputs->theme,
            .range_start_ns = outputs->range_start_ns,
            .range_end_ns = outputs->range_end_ns,
            .result = result,
            .arrows = outputs->arrows,
        };
        ok &= finish(cv_svg_write(outputs->svg_path, trace, &options, &error), &error, "SVG",
                     outputs->svg_path, quiet);
    }
    return cv_outputs_report_dropped(outputs, trace, result) && ok;
}

void cv_outputs_clamp_range(cv_outputs *outputs, int64_t end_ns, const char *what)
{
    if (outputs->range_end_ns <= end_ns || outputs->range_start_ns >= end_ns)
        return;
    fprintf(stderr,
            "conveyor: note: --range ends at %.3f s, after the end of %s (%.3f s); drawn "
            "to %.3f s\n",
            (double)outputs->range_end_ns / 1e9, what, (double)end_ns / 1e9, (double)end_ns / 1e9);
    outputs->range_end_ns = end_ns;
}

bool cv_parse_size(const char *text, int *width, int *height)
{
    char *end = NULL;
    errno = 0;
    long w = strtol(text, &end, 10);
    if (errno || end == text || (*end != 'x' && *end != 'X'))
        return false;
    const char *rest = end + 1;
    long h = strtol(rest, &end, 10);
    if (errno || end == rest || *end != '\0')
        return false;
    if (w < CV_MIN_WIDTH || w > CV_MAX_SIDE || h < CV_MIN_HEIGHT || h > CV_MAX_SIDE)
        return false;
    *width = (int)w;
    *height = (int)h;
    return true;
}

static bool parse_seconds(const char *text, const char *stop_at, int64_t *out_ns)
{
    char *end = NULL;
    errno = 0;
    double seconds = strtod(text, &end);
    /* isfinite: "nan" and "inf" are numbers to strtod, and NaN passes every comparison below. */
    if (errno || end == text || end != stop_at || !isfinite(seconds) || !(seconds >= 0) ||
        !(seconds <= 1e6))
        return false;
    *out_ns = (int64_t)(seconds * 1e9 + 0.5);
    return true;
}

bool cv_parse_range(const char *text, int64_t *start_ns, int64_t *end_ns)
{
    const char *colon = strchr(text, ':');
    if (!colon)
        return false;
    if (!parse_seconds(text, colon, start_ns) ||
        !parse_seconds(colon + 1, colon + 1 + strlen(colon + 1), end_ns))
        return false;
    return *end_ns > *start_ns;
}
