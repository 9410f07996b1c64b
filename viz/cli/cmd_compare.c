/*
 * cmd_compare.c — `conveyor compare`: the scenario as written, then each
 * --vs variant, run one after the other (a run starts only once the one
 * before has ended and been reaped, so none steals another's cores), then
 * written as one picture of stacked panes on one time axis, one report, one
 * Chrome trace and one table. Every variant is loaded and checked before
 * the first run starts, so a typo costs no waiting.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "compare_options.h"
#include "conveyor/engine.h"
#include "diagnostics.h"
#include "output_checks.h"
#include "layout/result_line.h"
#include "export/chrome_trace_write.h"
#include "export/csv.h"
#include "export/png.h"
#include "export/report.h"
#include "export/svg.h"
#include "scenario_source.h"
#include "signals.h"
#include "summary.h"
#include "app/window.h"
#include "catalog.h"
#include "window_report.h"

#define HEADLESS_POLL_NS 2000000

typedef struct compare_run {
    cv_scenario scenario;
    const char *variant; /* "as written" or the variant's overrides */
    char title[CV_NAME_MAX + CV_VARIANT_TEXT_MAX + 8];
    char subtitle[160];
    cv_engine *engine; /* NULL if it could not start (or never did) */
    double started_s, ended_s;
    double speedup;
    const char *speedup_note;
} compare_run;

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* The loader names a bad override "--set TEXT"; for a variant, name its --vs. */
static void name_the_vs(cv_diagnostics *diag, const char *argument)
{
    for (int i = 0; i < diag->count; i++) {
        if (strncmp(diag->items[i].file, "--set ", 6) == 0) {
            char renamed[sizeof diag->items[i].file];
            snprintf(renamed, sizeof renamed, "--vs %.*s", (int)(sizeof renamed - 6), argument);
            memcpy(diag->items[i].file, renamed, sizeof renamed);
        }
    }
}

/* The scenario with the common overrides and then the variant's. */
static int load_variant(const cv_compare_options *o, int v, cv_scenario *out)
{
    const char *overrides[CV_MAX_OVERRIDES + CV_VARIANT_OVERRIDES_MAX];
    size_t count = 0;
    for (size_t i = 0; i < o->override_count; i++)
        overrides[count++] = o->overrides[i];
    const cv_variant *variant = &o->variants[v];
    for (size_t i = 0; i < variant->override_count; i++)
        overrides[count++] = variant->overrides[i];
    char path[CV_PATH_MAX];
    if (!cv_catalog_resolve(o->scenario, path, sizeof path))
        return cv_scenario_open(o->scenario, overrides, count, out); /* prints the error */
    cv_diagnostics diag;
    cv_diagnostics_clear(&diag);
    if (cv_scenario_load_file(path, overrides, count, out, &diag) != CV_OK) {
        /* Problems of the file itself were reported when the scenario was opened. */
        name_the_vs(&diag, o->variant_arguments[v]);
        cv_print_diagnostics(&diag);
        return CV_EXIT_USAGE;
    }
    return -1;
}

static void sleep_briefly(void)
{
    struct timespec pause = {0, HEADLESS_POLL_NS};
    nanosleep(&pause, NULL);
}

/* One run to its end; its engine is kept for the files written afterwards. */
static int run_one(compare_run *run, int index, int count, const struct timespec *start, bool quiet)
{
    if (!quiet)
        printf("== run %d of %d: %s ==\n", index + 1, count, run->variant);
    fflush(stdout);
    cv_engine_options engine_options = {0};
    cv_error error;
    run->started_s = seconds_since(start);
    cv_status status = cv_engine_start(&run->scenario, &engine_options, &run->engine, &error);
    if (status != CV_OK) {
        run->ended_s = seconds_since(start);
        run->engine = NULL;
        cv_print_error(&error);
        return CV_EXIT_RUN_FAILED;
    }
    cv_signals_watch(run->engine);
    while (cv_engine_poll(run->engine))
        sleep_briefly();
    cv_signals_watch(NULL);
    run->ended_s = seconds_since(start);
    if (!quiet)
        cv_print_summary(stdout, &run->scenario, cv_engine_result(run->engine));
    fflush(stdout);
    return cv_engine_result(run->engine)->outcome == CV_OUTCOME_COMPLETED ? CV_EXIT_OK
                                                                          : CV_EXIT_RUN_FAILED;
}

static cv_run_numbers numbers_of(const cv_run_result *r)
{
    return (cv_run_numbers){r->elapsed_s, r->items_consumed, r->outcome == CV_OUTCOME_COMPLETED,
                            cv_outcome_name(r->outcome)};
}

/* Speed-up against the first run, and the one-line result each pane shows. */
static void judge(compare_run *runs, int count)
{
    cv_run_numbers first = {0, 0, false, "did not start"};
    if (runs[0].engine)
        first = numbers_of(cv_engine_result(runs[0].engine));
    for (int i = 0; i < count; i++) {
        compare_run *run = &runs[i];
        run->speedup = 0;
        if (!run->engine) {
            run->speedup_note = "did not start";
            snprintf(run->subtitle, sizeof run->subtitle, "did not start");
            continue;
        }
        cv_run_numbers numbers = numbers_of(cv_engine_result(run->engine));
        run->speedup = cv_speedup(&first, &numbers, &run->speedup_note);
        cv_result_line(run->subtitle, sizeof run->subtitle, i, &numbers, run->speedup,
                       run->speedup_note);
    }
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

/* Every requested file, from the runs that have a trace; false if one failed. */
static bool write_outputs(const cv_compare_options *o, compare_run *runs, int count)
{
    const cv_outputs *out = &o->outputs;
    cv_pane_source panes[CV_COMPARE_RUNS_MAX];
    cv_report_run reports[CV_COMPARE_RUNS_MAX];
    cv_chrome_run traces[CV_COMPARE_RUNS_MAX];
    cv_csv_run tables[CV_COMPARE_RUNS_MAX];
    int n = 0;
    bool dropped_ok = true;
    for (int i = 0; i < count; i++) {
        if (!runs[i].engine)
            continue;
        const cv_trace *trace = cv_engine_trace(runs[i].engine);
        const cv_run_result *result = cv_engine_result(runs[i].engine);
        panes[n] = (cv_pane_source){trace, result, runs[i].title, runs[i].subtitle};
        reports[n] = (cv_report_run){&runs[i].scenario,   result,          runs[i].variant,
                                     runs[i].started_s,   runs[i].ended_s, runs[i].speedup,
                                     runs[i].speedup_note};
        traces[n] = (cv_chrome_run){trace, result, runs[i].variant};
        tables[n] = (cv_csv_run){trace, runs[i].variant};
        n++;
        dropped_ok &= cv_outputs_report_dropped(out, trace, result);
    }
    if (n == 0) {
        fprintf(stderr, "conveyor: error: no run of the comparison started; nothing to write\n");
        return !cv_outputs_any(out);
    }
    bool ok = dropped_ok;
    cv_error error = {0};
    if (out->report_path)
        ok &= finish(cv_report_write_runs(out->report_path, reports, n, &error), &error, "report",
                     out->report_path, o->quiet);
    if (out->trace_path)
        ok &= finish(cv_chrome_trace_write_runs(out->trace_path, traces, n, &error), &error,
                     "trace", out->trace_path, o->quiet);
    if (out->csv_path)
        ok &= finish(cv_csv_write_runs(out->csv_path, tables, n, &error), &error, "CSV",
                     out->csv_path, o->quiet);
    if (out->png_path) {
        cv_png_options png = {.width = out->width,
                              .height = out->height,
                              .theme = out->theme,
                              .range_start_ns = out->range_start_ns,
                              .range_end_ns = out->range_end_ns,
                              .arrows = out->arrows};
        ok &= finish(cv_png_write_panes(out->png_path, panes, n, &png, &error), &error, "picture",
                     out->png_path, o->quiet);
    }
    if (out->svg_path) {
        cv_svg_options svg = {.width = out->width,
                              .height = out->height,
                              .theme = out->theme,
                              .range_start_ns = out->range_start_ns,
                              .range_end_ns = out->range_end_ns,
                              .arrows = out->arrows};
        ok &= finish(cv_svg_write_panes(out->svg_path, panes, n, &svg, &error), &error, "SVG",
                     out->svg_path, o->quiet);
    }
    return ok;
}

static void print_table(const compare_run *runs, int count)
{
    printf("== comparison ==\n");
    for (int i = 0; i < count; i++)
        printf("run %d  %-40s  %s\n", i + 1, runs[i].variant, runs[i].subtitle);
}

static bool interrupted(void *user)
{
    (void)user;
    return cv_signals_received() != 0;
}

/* The window: one pane per run on one time axis, each run starting when the
 * one above has ended. */
static int compare_window(const cv_compare_options *o, compare_run *runs, int count)
{
    cv_window_pane panes[CV_COMPARE_RUNS_MAX];
    for (int i = 0; i < count; i++)
        panes[i] = (cv_window_pane){.scenario = &runs[i].scenario, .title = runs[i].title};
    cv_error error = {0};
    cv_window_options window = {
        .panes = panes,
        .pane_count = count,
        .theme = o->outputs.theme,
        .exit_after_s = o->exit_after_s,
        .on_notice = cv_window_print_notice,
        .should_close = interrupted,
        .error = &error,
    };
    int outcome = cv_window_run(&window);
    if (outcome == CV_WINDOW_ERROR) {
        cv_print_error(&error);
        fprintf(stderr, "conveyor: hint: without a display, use --headless (and --png to get the "
                        "picture)\n");
        return CV_EXIT_RUN_FAILED;
    }
    if (cv_signals_received())
        return cv_signals_exit_status();
    return outcome == CV_WINDOW_FAILED ? CV_EXIT_RUN_FAILED : CV_EXIT_OK;
}

int cv_cmd_compare(int argc, char **argv)
{
    static cv_compare_options options;
    int status = cv_compare_options_parse(argc, argv, &options);
    if (status >= 0)
        return status;
    static compare_run runs[CV_COMPARE_RUNS_MAX];
    memset(runs, 0, sizeof runs);
    int count = options.variant_count + 1;
    status = cv_scenario_open(options.scenario, options.overrides, options.override_count,
                              &runs[0].scenario);
    if (status >= 0)
        return status;
    runs[0].variant = "as written";
    for (int v = 0; v < options.variant_count; v++) {
        status = load_variant(&options, v, &runs[v + 1].scenario);
        if (status >= 0)
            return status;
        runs[v + 1].variant = options.variants[v].label;
    }
    for (int i = 0; i < count; i++)
        snprintf(runs[i].title, sizeof runs[i].title, "%s \u00b7 %s", runs[0].scenario.name,
                 runs[i].variant);
    /* Before the runs: a comparison of long runs must not end in a usage error. */
    const char *input = runs[0].scenario.path;
    status = cv_outputs_check(&options.outputs, "compare", &input, 1);
    if (status >= 0)
        return status;
    cv_signals_install();
    if (!options.headless)
        return compare_window(&options, runs, count);
    cv_signals_outputs_pending(&options.outputs);
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int exit_status = CV_EXIT_OK;
    int ran = 0;
    for (int i = 0; i < count && !cv_signals_received(); i++, ran++) {
        if (run_one(&runs[i], i, count, &start, options.quiet) != CV_EXIT_OK)
            exit_status = CV_EXIT_RUN_FAILED;
    }
    judge(runs, ran);
    if (!options.quiet)
        print_table(runs, ran);
    fflush(stdout);
    if (!write_outputs(&options, runs, ran) && exit_status == CV_EXIT_OK)
        exit_status = CV_EXIT_RUN_FAILED;
    for (int i = 0; i < ran; i++)
        cv_engine_destroy(runs[i].engine);
    if (cv_signals_received())
        return cv_signals_exit_status();
    return exit_status;
}
