/*
 * cmd_run.c — `conveyor run`: the scenario live in the window, or headless
 * with a printed summary. Either way the requested files are written at the
 * end with everything collected, even when the run was stopped or failed.
 */
#include <stdio.h>
#include <time.h>

#include "app/window.h"
#include "commands.h"
#include "conveyor/engine.h"
#include "conveyor/expect.h"
#include "diagnostics.h"
#include "output_checks.h"
#include "run_options.h"
#include "scenario_source.h"
#include "signals.h"
#include "window_report.h"
#include "summary.h"

#define HEADLESS_POLL_NS 2000000

static void sleep_briefly(void)
{
    struct timespec pause = {0, HEADLESS_POLL_NS};
    nanosleep(&pause, NULL);
}

/*
 * The exit status for a finished run. A run that deadlocked or lost items
 * failed (1) even when its lesson expects that; with --test-expect the
 * status says instead whether the run ended as [expect] claims, which is how
 * the lesson tests know a lesson still teaches what it says.
 */
static int judge_run(const cv_scenario *scenario, const cv_run_result *result,
                     const cv_run_options *options)
{
    if (cv_signals_received())
        return cv_signals_exit_status();
    char why[512];
    bool met = cv_expect_check(scenario, result->outcome, result->items_consumed, result->elapsed_s,
                               why, sizeof why);
    if (!met) {
        fprintf(stderr, "%s: error: expectation not met: %s\n", scenario->path, why);
        return CV_EXIT_RUN_FAILED;
    }
    if (scenario->expect.set && result->outcome != CV_OUTCOME_COMPLETED && !options->quiet)
        fprintf(cv_outputs_text_stream(&options->outputs), "%s, as the lesson expects\n",
                cv_outcome_name(result->outcome));
    if (options->test_expect)
        return CV_EXIT_OK;
    return result->outcome == CV_OUTCOME_COMPLETED ? CV_EXIT_OK : CV_EXIT_RUN_FAILED;
}

/*
 * --quiet prints nothing but errors. A run cut short by a dead worker or by
 * the OS refusing something mid-run is one, and without the summary its
 * reason would be lost; the broken sync modes' deadlocks and races are
 * lessons, judged by [expect], not errors.
 */
static void print_quiet_failure(const cv_run_result *result)
{
    if (result->outcome != CV_OUTCOME_WORKER_DIED && result->outcome != CV_OUTCOME_FAILED)
        return;
    fprintf(stderr, "conveyor: error: %s\n",
            result->explanation[0] ? result->explanation : cv_outcome_name(result->outcome));
}

static int run_headless(const cv_scenario *scenario, const cv_run_options *options)
{
    cv_engine_options engine_options = {.untraced = options->untraced};
    cv_engine *engine = NULL;
    cv_error error;
    cv_status status = cv_engine_start(scenario, &engine_options, &engine, &error);
    if (status != CV_OK) {
        cv_print_error(&error);
        return cv_exit_status_for(status);
    }
    cv_signals_watch(engine);
    while (cv_engine_poll(engine))
        sleep_briefly();
    cv_signals_watch(NULL);
    const cv_run_result *result = cv_engine_result(engine);
    FILE *text = cv_outputs_text_stream(&options->outputs);
    if (!options->quiet)
        cv_print_summary(text, scenario, result);
    else
        print_quiet_failure(result);
    fflush(text);
    bool written = cv_outputs_write(&options->outputs, scenario, cv_engine_trace(engine), result,
                                    options->quiet);
    int exit_status = judge_run(scenario, result, options);
    if (!written && exit_status == CV_EXIT_OK)
        exit_status = CV_EXIT_RUN_FAILED;
    cv_engine_destroy(engine);
    return exit_status;
}

typedef struct window_finish {
    const cv_run_options *options;
    const cv_scenario *scenario;
    bool written;
    bool finished;        /* the last run ended by itself, and result is its end */
    cv_run_result result; /* its scalars only: the engine owns the workers */
} window_finish;

static void on_window_finish(const cv_trace *trace, const cv_run_result *result, void *user)
{
    window_finish *finish = user;
    finish->finished = result->outcome != CV_OUTCOME_STOPPED;
    finish->result = *result;
    finish->result.workers = NULL;
    finish->written = cv_outputs_write(&finish->options->outputs, finish->scenario, trace, result,
                                       finish->options->quiet);
}

static bool interrupted(void *user)
{
    (void)user;
    return cv_signals_received() != 0;
}

static int run_window(const cv_scenario *scenario, const cv_run_options *options)
{
    window_finish finish = {.options = options, .scenario = scenario, .written = true};
    cv_error error = {0};
    cv_window_frames frames = {0};
    cv_window_options window = {
        .scenario = scenario,
        .engine = {.untraced = options->untraced},
        .scale = (float)options->scale,
        .fullscreen = options->fullscreen,
        .arrows = options->outputs.arrows,
        .theme = options->outputs.theme,
        .exit_after_s = options->exit_after_s,
        .width = options->outputs.width,
        .height = options->outputs.height,
        .range_start_ns = options->outputs.range_start_ns,
        .range_end_ns = options->outputs.range_end_ns,
        .frames = &frames,
        .on_notice = cv_window_print_notice,
        .on_finish = on_window_finish,
        .user = &finish,
        .should_close = interrupted,
        .error = &error,
    };
    int outcome = cv_window_run(&window);
    if (options->verbose && outcome != CV_WINDOW_ERROR)
        cv_window_print_frames(&frames);
    if (outcome == CV_WINDOW_ERROR) {
        cv_print_error(&error);
        fprintf(stderr, "conveyor: hint: without a display, use --headless (and --png to get the "
                        "picture)\n");
        return CV_EXIT_RUN_FAILED;
    }
    if (cv_signals_received())
        return cv_signals_exit_status();
    if (!finish.written)
        return CV_EXIT_RUN_FAILED;
    /* The window's status is the one headless gives for the same run. */
    if (outcome != CV_WINDOW_STOPPED && finish.finished)
        return judge_run(scenario, &finish.result, options);
    return outcome == CV_WINDOW_FAILED ? CV_EXIT_RUN_FAILED : CV_EXIT_OK;
}

int cv_cmd_run(int argc, char **argv)
{
    cv_run_options options;
    int status = cv_run_options_parse(argc, argv, "run", cv_run_usage, &options);
    if (status >= 0)
        return status;
    cv_scenario scenario;
    status =
        cv_scenario_open(options.scenario, options.overrides, options.override_count, &scenario);
    if (status >= 0)
        return status;
    status = cv_outputs_check(&options.outputs, "run", scenario.path);
    if (status >= 0)
        return status;
    if (!options.quiet)
        cv_scenario_print_notes(&scenario);
    cv_signals_install();
    cv_signals_outputs_pending(&options.outputs);
    return options.headless ? run_headless(&scenario, &options) : run_window(&scenario, &options);
}
