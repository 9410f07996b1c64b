/*
 * cmd_replay.c — a saved trace, opened again: `conveyor view` plays it back
 * in the window, `conveyor render` turns it into pictures (or CSV, or the
 * other trace format) without a display. The file name picks the reader:
 * FILE.cvtrace is conveyor's native file (which also holds the run's result
 * and explanation), anything else Chrome trace JSON. Only traces conveyor
 * wrote can be read back; anything else is a clear input error (exit 2).
 */
#include <stdio.h>
#include <string.h>

#include "app/window.h"
#include "commands.h"
#include "diagnostics.h"
#include "export/chrome_trace_read.h"
#include "conveyor/tracefile.h"
#include "run_options.h"
#include "signals.h"
#include "window_report.h"

static void view_usage(FILE *out)
{
    fputs("Usage: conveyor view [OPTION]... TRACE.json|TRACE.cvtrace\n"
          "Play a trace saved with 'conveyor run --trace' back in the window:\n"
          "Space play/pause, [ and ] speed 0.25x-8x, arrows or a click on the axis scrub,\n"
          "wheel or W/X zoom, drag or A/D pan, S screenshot, Esc quit.\n"
          "\n"
          "  --scale=F  --theme=light|dark  --exit-after=SECONDS  --verbose\n"
          "  --png/--svg/--csv/--trace=FILE  write these too when the window closes\n"
          "  --range=START:END    open on this time window (seconds) and play from its start\n",
          out);
}

static void render_usage(FILE *out)
{
    fputs("Usage: conveyor render TRACE.json|TRACE.cvtrace [--png=FILE] [--svg=FILE] [--csv=FILE]\n"
          "                       [--size=WxH] [--theme=light|dark] [--range=START:END]\n"
          "Draw a saved trace without a window (no display needed).\n",
          out);
}

static bool interrupted(void *user)
{
    (void)user;
    return cv_signals_received() != 0;
}

/* result is zeroed (and *has_result false) when the file holds none. */
static int load(const char *path, cv_trace *trace, cv_run_result *result, bool *has_result)
{
    cv_error error = {0};
    *has_result = false;
    memset(result, 0, sizeof *result);
    cv_status status = cv_tracefile_is_native_name(path)
                           ? cv_tracefile_read(path, trace, result, has_result, &error)
                           : cv_chrome_trace_read(path, trace, &error);
    if (status != CV_OK) {
        cv_print_error(&error);
        return cv_exit_status_for(status);
    }
    return -1;
}

int cv_cmd_render(int argc, char **argv)
{
    cv_run_options options;
    int status = cv_run_options_parse(argc, argv, "render", render_usage, &options);
    if (status >= 0)
        return status;
    if (!cv_outputs_any(&options.outputs))
        return cv_usage_error("render", "nothing to write: give --png, --svg or --csv");
    cv_trace trace;
    cv_run_result result;
    bool has_result;
    status = load(options.scenario, &trace, &result, &has_result);
    if (status >= 0)
        return status;
    bool written = cv_outputs_write(&options.outputs, NULL, &trace, has_result ? &result : NULL,
                                    options.quiet);
    cv_trace_free(&trace);
    cv_tracefile_result_free(&result);
    return written ? CV_EXIT_OK : CV_EXIT_RUN_FAILED;
}

typedef struct view_finish {
    const cv_run_options *options;
    bool written;
} view_finish;

static void on_view_finish(const cv_trace *trace, const cv_run_result *result, void *user)
{
    view_finish *finish = user;
    finish->written =
        cv_outputs_write(&finish->options->outputs, NULL, trace, result, finish->options->quiet);
}

int cv_cmd_view(int argc, char **argv)
{
    cv_run_options options;
    int status = cv_run_options_parse(argc, argv, "view", view_usage, &options);
    if (status >= 0)
        return status;
    cv_trace trace;
    cv_run_result result;
    bool has_result;
    status = load(options.scenario, &trace, &result, &has_result);
    if (status >= 0)
        return status;
    view_finish finish = {&options, true};
    cv_error error = {0};
    cv_window_frames frames = {0};
    cv_window_options window = {
        .replay = &trace,
        .replay_result = has_result ? &result : NULL,
        .scale = (float)options.scale,
        .theme = options.outputs.theme,
        .exit_after_s = options.exit_after_s,
        .width = options.outputs.width,
        .height = options.outputs.height,
        .range_start_ns = options.outputs.range_start_ns,
        .range_end_ns = options.outputs.range_end_ns,
        .frames = &frames,
        .on_notice = cv_window_print_notice,
        .on_finish = on_view_finish,
        .user = &finish,
        .should_close = interrupted,
        .error = &error,
    };
    cv_signals_install();
    cv_signals_outputs_pending(&options.outputs);
    int outcome = cv_window_run(&window);
    if (options.verbose && outcome != CV_WINDOW_ERROR)
        cv_window_print_frames(&frames);
    cv_trace_free(&trace);
    cv_tracefile_result_free(&result);
    if (outcome == CV_WINDOW_ERROR) {
        cv_print_error(&error);
        fprintf(stderr, "conveyor: hint: without a display, 'conveyor render' draws the trace "
                        "into a PNG or SVG\n");
        return CV_EXIT_RUN_FAILED;
    }
    if (cv_signals_received())
        return cv_signals_exit_status();
    return finish.written ? CV_EXIT_OK : CV_EXIT_RUN_FAILED;
}
