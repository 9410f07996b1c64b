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
#include <sys/stat.h>

#include "app/window.h"
#include "commands.h"
#include "diagnostics.h"
#include "output_checks.h"
#include "export/chrome_trace_read.h"
#include "export/png.h"
#include "export/svg.h"
#include "layout/result_line.h"
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
          "  --scale=F  --theme=light|dark  --fullscreen  --exit-after=SECONDS  --verbose\n"
          "  --png/--svg/--csv/--trace=FILE  write these too when the window closes\n"
          "  --range=START:END    open on this time window (seconds) and play from its start\n"
          "  --arrows             item arrows (put to get) on from the start, and in the files\n",
          out);
}

static void render_usage(FILE *out)
{
    fputs("Usage: conveyor render TRACE.json|TRACE.cvtrace [--png=FILE] [--svg=FILE] [--csv=FILE]\n"
          "                       [--size=WxH] [--theme=light|dark] [--range=START:END]\n"
          "                       [--arrows]\n"
          "       conveyor render A.json B.json... --png=FILE [--svg=FILE]\n"
          "Draw a saved trace without a window (no display needed). With 2 to 4 traces,\n"
          "stack them as 'conveyor compare' does: one pane each, one time axis.\n",
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
    struct stat info;
    if (stat(path, &info) == 0 && S_ISDIR(info.st_mode)) {
        fprintf(stderr, "%s: error: is a directory, not a trace file\n", path);
        return CV_EXIT_USAGE;
    }
    cv_error error = {0};
    *has_result = false;
    memset(result, 0, sizeof *result);
    cv_status status = cv_tracefile_is_native_name(path)
                           ? cv_tracefile_read(path, trace, result, has_result, &error)
                           : cv_chrome_trace_read_result(path, trace, result, has_result, &error);
    if (status != CV_OK) {
        cv_print_error(&error);
        return cv_exit_status_for(status);
    }
    return -1;
}

/* What a replayed trace says of its run: its length, items got, outcome. */
static cv_run_numbers numbers_of(const cv_trace *trace)
{
    uint64_t items = 0;
    for (uint32_t lane = 0; lane < trace->lane_count; lane++) {
        const cv_lane_events *events = &trace->events[lane];
        for (size_t i = 0; i < events->count; i++)
            items += cv_event_kind(&events->events[i]) == CV_EVENT_GET;
    }
    return (cv_run_numbers){(double)trace->end_ns / 1e9, items,
                            trace->outcome == CV_OUTCOME_COMPLETED,
                            cv_outcome_name(trace->outcome)};
}

typedef struct stacked {
    cv_trace traces[CV_PANES_MAX];
    cv_run_result results[CV_PANES_MAX]; /* as saved, where the trace kept one */
    bool has_result[CV_PANES_MAX];
    char titles[CV_PANES_MAX][CV_NAME_MAX + 1100];
    char subtitles[CV_PANES_MAX][160];
    cv_pane_source panes[CV_PANES_MAX];
    int count;
} stacked;

/* Load the traces and word their panes: each titled by its file, with its
 * result and speed-up against the first. -1 when all loaded. */
/* A --range must overlap the trace: one that starts after the run's end
 * would draw empty lanes. -1 if it does, else prints why and returns 2. */
static int check_range(const cv_run_options *options, const char *command, const cv_trace *trace)
{
    const cv_outputs *o = &options->outputs;
    if ((o->range_start_ns == 0 && o->range_end_ns == 0) || o->range_start_ns < trace->end_ns)
        return -1;
    return cv_usage_error(command, "--range starts at %.3f s, at or after the end of %s (%.3f s)",
                          (double)o->range_start_ns / 1e9, options->scenario,
                          (double)trace->end_ns / 1e9);
}

/* Load the trace and check --range against it; -1 when both are well, else
 * the exit status, with nothing left loaded. A range that starts in the
 * trace but ends after it is cut at the trace's end, with a note: the time
 * after the end holds nothing to draw, and refusing would make the user
 * look up the trace's length to ask for "everything from 0.1 s on". */
static int load_in_range(cv_run_options *options, const char *command, cv_trace *trace,
                         cv_run_result *result, bool *has_result)
{
    int status = load(options->scenario, trace, result, has_result);
    if (status >= 0)
        return status;
    status = check_range(options, command, trace);
    if (status >= 0) {
        cv_trace_free(trace);
        cv_tracefile_result_free(result);
        return status;
    }
    cv_outputs_clamp_range(&options->outputs, trace->end_ns, options->scenario);
    return status;
}

/* No output may name a trace being read (the first or a stacked one). */
static int check_outputs(const cv_run_options *options, const char *command)
{
    const char *inputs[1 + sizeof options->more_files / sizeof options->more_files[0]];
    size_t count = 0;
    inputs[count++] = options->scenario;
    for (size_t i = 0; i < options->more_file_count; i++)
        inputs[count++] = options->more_files[i];
    return cv_outputs_check(&options->outputs, command, inputs, count);
}

static int load_stacked(const cv_run_options *options, stacked *s)
{
    const char *files[CV_PANES_MAX] = {options->scenario};
    for (size_t i = 0; i < options->more_file_count; i++)
        files[i + 1] = options->more_files[i];
    int count = 1 + (int)options->more_file_count;
    int status = -1;
    for (s->count = 0; s->count < count && status < 0; s->count++)
        status = load(files[s->count], &s->traces[s->count], &s->results[s->count],
                      &s->has_result[s->count]);
    if (status >= 0) {
        s->count--; /* the failed one holds nothing */
        return status;
    }
    cv_run_numbers first = numbers_of(&s->traces[0]);
    for (int i = 0; i < count; i++) {
        cv_run_numbers numbers = numbers_of(&s->traces[i]);
        const char *why = NULL;
        double speedup = cv_speedup(&first, &numbers, &why);
        snprintf(s->titles[i], sizeof s->titles[i], "%s \u00b7 %s", s->traces[i].scenario,
                 files[i]);
        cv_result_line(s->subtitles[i], sizeof s->subtitles[i], i, &numbers, speedup, why);
        s->panes[i] = (cv_pane_source){&s->traces[i], s->has_result[i] ? &s->results[i] : NULL,
                                       s->titles[i], s->subtitles[i]};
    }
    return -1;
}

/* What render_stacked wrote, said as cv_outputs_write says it. */
static void say_written(const char *what, const char *path, bool quiet)
{
    if (!quiet && strcmp(path, "-") != 0)
        fprintf(stderr, "wrote %s %s\n", what, path);
}

static int render_stacked(const cv_run_options *options, stacked *s)
{
    int status = load_stacked(options, s);
    if (status >= 0)
        return status;
    int count = s->count;
    /* The panes share one axis, as long as the longest trace. */
    cv_outputs clamped = options->outputs;
    int64_t longest_ns = 0;
    for (int i = 0; i < count; i++)
        longest_ns = s->traces[i].end_ns > longest_ns ? s->traces[i].end_ns : longest_ns;
    cv_outputs_clamp_range(&clamped, longest_ns, "the longest trace");
    const cv_outputs *out = &clamped;
    bool ok = true;
    cv_error error = {0};
    if (out->png_path) {
        cv_png_options png = {.width = out->width,
                              .height = out->height,
                              .theme = out->theme,
                              .range_start_ns = out->range_start_ns,
                              .range_end_ns = out->range_end_ns,
                              .arrows = out->arrows};
        if (cv_png_write_panes(out->png_path, s->panes, count, &png, &error) != CV_OK) {
            cv_print_error(&error);
            ok = false;
        } else {
            say_written("picture", out->png_path, options->quiet);
        }
    }
    if (out->svg_path) {
        cv_svg_options svg = {.width = out->width,
                              .height = out->height,
                              .theme = out->theme,
                              .range_start_ns = out->range_start_ns,
                              .range_end_ns = out->range_end_ns,
                              .arrows = out->arrows};
        if (cv_svg_write_panes(out->svg_path, s->panes, count, &svg, &error) != CV_OK) {
            cv_print_error(&error);
            ok = false;
        } else {
            say_written("SVG", out->svg_path, options->quiet);
        }
    }
    return ok ? CV_EXIT_OK : CV_EXIT_RUN_FAILED;
}

int cv_cmd_render(int argc, char **argv)
{
    cv_run_options options;
    int status = cv_run_options_parse(argc, argv, "render", render_usage, &options);
    if (status >= 0)
        return status;
    if (options.more_file_count > 0) {
        if (!options.outputs.png_path && !options.outputs.svg_path)
            return cv_usage_error("render", "several traces are stacked into --png or --svg; "
                                            "give one of them");
        if (options.outputs.csv_path || options.outputs.trace_path)
            return cv_usage_error("render", "--csv and --trace take one trace at a time");
        status = check_outputs(&options, "render");
        if (status >= 0)
            return status;
        static stacked s;
        status = render_stacked(&options, &s);
        for (int i = 0; i < s.count; i++) {
            cv_trace_free(&s.traces[i]);
            cv_tracefile_result_free(&s.results[i]);
        }
        return status;
    }
    if (!cv_outputs_any(&options.outputs))
        return cv_usage_error("render", "nothing to write: give --png, --svg or --csv");
    /* Before the load: a big trace takes a while to read. */
    status = check_outputs(&options, "render");
    if (status >= 0)
        return status;
    cv_trace trace = {0};
    cv_run_result result;
    bool has_result;
    status = load_in_range(&options, "render", &trace, &result, &has_result);
    if (status >= 0)
        return status;
    /* A signal while the files are written stops them, leaving none half-written. */
    cv_signals_install();
    cv_signals_outputs_pending(&options.outputs);
    bool written = cv_outputs_write(&options.outputs, NULL, &trace, has_result ? &result : NULL,
                                    options.quiet);
    cv_trace_free(&trace);
    cv_tracefile_result_free(&result);
    if (cv_signals_received())
        return cv_signals_exit_status();
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

static void print_window_error(const cv_error *error)
{
    cv_print_error(error);
    fprintf(stderr, "conveyor: hint: without a display, 'conveyor render' draws the trace "
                    "into a PNG or SVG\n");
}

/* view A.json B.json: the traces stacked on one time axis, on one playhead. */
static int view_stacked(const cv_run_options *options)
{
    if (cv_outputs_any(&options->outputs))
        return cv_usage_error("view", "several traces are viewed, not written; 'conveyor render "
                                      "A.json B.json --png FILE' writes them stacked");
    static stacked s;
    int status = load_stacked(options, &s);
    if (status < 0) {
        cv_window_pane panes[CV_PANES_MAX];
        for (int i = 0; i < s.count; i++)
            panes[i] = (cv_window_pane){.replay = &s.traces[i],
                                        .replay_result = s.has_result[i] ? &s.results[i] : NULL,
                                        .title = s.titles[i],
                                        .subtitle = s.subtitles[i]};
        cv_error error = {0};
        cv_window_frames frames = {0};
        cv_window_options window = {
            .panes = panes,
            .pane_count = s.count,
            .scale = (float)options->scale,
            .fullscreen = options->fullscreen,
            .arrows = options->outputs.arrows,
            .theme = options->outputs.theme,
            .exit_after_s = options->exit_after_s,
            /* As a single trace's window: --size and --range were dropped here. */
            .width = options->outputs.width,
            .height = options->outputs.height,
            .range_start_ns = options->outputs.range_start_ns,
            .range_end_ns = options->outputs.range_end_ns,
            .frames = &frames,
            .on_notice = cv_window_print_notice,
            .should_close = interrupted,
            .error = &error,
        };
        cv_signals_install();
        int outcome = cv_window_run(&window);
        if (options->verbose && outcome != CV_WINDOW_ERROR)
            cv_window_print_frames(&frames);
        if (outcome == CV_WINDOW_ERROR)
            print_window_error(&error);
        status = outcome == CV_WINDOW_ERROR ? CV_EXIT_RUN_FAILED
                 : cv_signals_received()    ? cv_signals_exit_status()
                                            : CV_EXIT_OK;
    }
    for (int i = 0; i < s.count; i++) {
        cv_trace_free(&s.traces[i]);
        cv_tracefile_result_free(&s.results[i]);
    }
    return status;
}

int cv_cmd_view(int argc, char **argv)
{
    cv_run_options options;
    int status = cv_run_options_parse(argc, argv, "view", view_usage, &options);
    if (status >= 0)
        return status;
    /* Before the load: a big trace takes a while to read. */
    status = check_outputs(&options, "view");
    if (status >= 0)
        return status;
    if (options.more_file_count > 0)
        return view_stacked(&options);
    cv_trace trace = {0};
    cv_run_result result;
    bool has_result;
    status = load_in_range(&options, "view", &trace, &result, &has_result);
    if (status >= 0)
        return status;
    view_finish finish = {&options, true};
    cv_error error = {0};
    cv_window_frames frames = {0};
    cv_window_options window = {
        .replay = &trace,
        .replay_result = has_result ? &result : NULL,
        .scale = (float)options.scale,
        .fullscreen = options.fullscreen,
        .arrows = options.outputs.arrows,
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
        print_window_error(&error);
        return CV_EXIT_RUN_FAILED;
    }
    if (cv_signals_received())
        return cv_signals_exit_status();
    return finish.written ? CV_EXIT_OK : CV_EXIT_RUN_FAILED;
}
