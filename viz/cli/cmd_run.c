/*
 * cmd_run.c — `conveyor run`: the scenario live in the window, or headless
 * with a printed summary. Either way the requested files are written at the
 * end with everything collected, even when the run was stopped or failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/window.h"
#include "commands.h"
#include "conveyor/engine.h"
#include "conveyor/expect.h"
#include "conveyor/schedule.h"
#include "diagnostics.h"
#include "output_checks.h"
#include "run_options.h"
#include "scenario_source.h"
#include "schedule_save.h"
#include "signals.h"
#include "window_report.h"
#include "summary.h"

/* A run's step mode: the schedule it replays (read before the run, its
 * steps resolved against the lanes once the run has them) and the overrides
 * in effect, written back by --save-schedule. */
typedef struct run_steps {
    cv_schedule schedule;
    bool loaded;
    const char *overrides[2 * CV_MAX_OVERRIDES]; /* the schedule's `set`s, then --set */
    size_t override_count;
    cv_step_record *records; /* schedule.count, once resolved */
} run_steps;

/* Read --schedule (exit 2 on any problem, before anything runs) and put its
 * overrides before the command line's, which win. -1 on success. */
static int load_schedule(const cv_run_options *options, run_steps *steps)
{
    if (options->schedule_path) {
        cv_error error;
        cv_status status = cv_schedule_load_file(options->schedule_path, &steps->schedule, &error);
        if (status != CV_OK) {
            cv_print_error(&error);
            return cv_exit_status_for(status == CV_ERR_SYSTEM ? CV_ERR_USAGE : status);
        }
        steps->loaded = true;
        if (steps->schedule.set_count > CV_MAX_OVERRIDES) {
            fprintf(stderr, "%s:%u: error: more than %d `set` lines\n", steps->schedule.path,
                    steps->schedule.set_lines[CV_MAX_OVERRIDES], CV_MAX_OVERRIDES);
            return CV_EXIT_USAGE;
        }
        for (size_t i = 0; i < steps->schedule.set_count; i++)
            steps->overrides[steps->override_count++] = steps->schedule.sets[i];
    }
    for (size_t i = 0; i < options->override_count; i++)
        steps->overrides[steps->override_count++] = options->overrides[i];
    return -1;
}

/* The schedule's steps checked against the scenario's sync mode and its
 * lane names looked up in the lanes the scenario will have, before anything
 * runs. -1 on success, else the exit status (2: a step the sync mode never
 * takes, a lane the run does not have) after printing. */
static int resolve_schedule(run_steps *steps, const cv_scenario *scenario)
{
    if (!steps->loaded)
        return -1;
    cv_error error, sync_error;
    bool sync_ok = cv_schedule_check_sync(&steps->schedule, scenario->sync, &sync_error) == CV_OK;
    uint32_t lanes = cv_scenario_worker_count(scenario);
    char(*names)[CV_LANE_NAME_MAX] = calloc(lanes, sizeof *names);
    const char **pointers = calloc(lanes, sizeof *pointers);
    steps->records = calloc(steps->schedule.count + 1, sizeof *steps->records);
    cv_status status = CV_OK;
    if (!names || !pointers || !steps->records) {
        status = cv_fail(&error, CV_ERR_NOMEM, "", 0, "out of memory for the schedule");
    } else {
        cv_scenario_lane_names(scenario, names);
        for (uint32_t i = 0; i < lanes; i++)
            pointers[i] = names[i];
        status = cv_schedule_resolve(&steps->schedule, pointers, lanes, steps->records, &error);
    }
    free(names);
    free(pointers);
    /* Both kinds of problem are the file's; the first by line is said. */
    if (!sync_ok && (status == CV_OK || (status == CV_ERR_USAGE && sync_error.line < error.line))) {
        cv_print_error(&sync_error);
        return CV_EXIT_USAGE;
    }
    if (status == CV_OK)
        return -1;
    cv_print_error(&error);
    return cv_exit_status_for(status);
}

static void free_steps(run_steps *steps)
{
    cv_schedule_free(&steps->schedule);
    free(steps->records);
}

static bool save_steps(const cv_run_options *options, const cv_scenario *scenario,
                       const run_steps *steps, const cv_step_record *taken, size_t count,
                       const cv_trace *trace)
{
    if (!options->outputs.schedule_path)
        return true;
    return cv_schedule_save(options->outputs.schedule_path, scenario, steps->overrides,
                            steps->override_count, taken, count, trace, options->quiet);
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

/* The run's files; a --range that ends after the run did is drawn to the
 * run's end (with a note), as render does for a trace. */
static bool write_outputs(const cv_run_options *options, const cv_scenario *scenario,
                          const cv_trace *trace, const cv_run_result *result)
{
    cv_outputs outputs = options->outputs;
    cv_outputs_clamp_range(&outputs, trace->end_ns, "the run");
    return cv_outputs_write(&outputs, scenario, trace, result, options->quiet);
}

static int run_headless(const cv_scenario *scenario, const cv_run_options *options,
                        run_steps *steps)
{
    cv_engine_options engine_options = {.untraced = options->untraced, .step = steps->loaded};
    cv_engine *engine = NULL;
    cv_error error;
    cv_status status = cv_engine_start(scenario, &engine_options, &engine, &error);
    if (status != CV_OK) {
        cv_print_error(&error);
        return cv_exit_status_for(status);
    }
    /* Headless, after the schedule the lanes take turns in order, so the
     * run ends the same way every time. */
    if (steps->loaded && cv_engine_step_replay(engine, steps->records, steps->schedule.count,
                                               steps->schedule.path, true, &error) != CV_OK) {
        cv_print_error(&error);
        cv_engine_destroy(engine);
        return CV_EXIT_RUN_FAILED;
    }
    cv_signals_watch(engine);
    cv_engine_run_to_end(engine);
    cv_signals_watch(NULL);
    const cv_run_result *result = cv_engine_result(engine);
    FILE *text = cv_outputs_text_stream(&options->outputs);
    if (!options->quiet)
        cv_print_summary(text, scenario, result);
    else
        print_quiet_failure(result);
    fflush(text);
    bool written = write_outputs(options, scenario, cv_engine_trace(engine), result);
    size_t taken_count = 0;
    const cv_step_record *taken = cv_engine_steps_taken(engine, &taken_count);
    written = save_steps(options, scenario, steps, taken, taken_count, cv_engine_trace(engine)) &&
              written;
    int exit_status = judge_run(scenario, result, options);
    if (!written && exit_status == CV_EXIT_OK)
        exit_status = CV_EXIT_RUN_FAILED;
    cv_engine_destroy(engine);
    return exit_status;
}

typedef struct window_finish {
    const cv_run_options *options;
    const cv_scenario *scenario;
    const run_steps *steps;
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
    finish->written = write_outputs(finish->options, finish->scenario, trace, result);
}

static void on_window_steps(const cv_step_record *taken, size_t count, const cv_trace *trace,
                            void *user)
{
    window_finish *finish = user;
    if (!save_steps(finish->options, finish->scenario, finish->steps, taken, count, trace))
        finish->written = false;
}

static bool interrupted(void *user)
{
    (void)user;
    return cv_signals_received() != 0;
}

static int run_window(const cv_scenario *scenario, const cv_run_options *options, run_steps *steps)
{
    window_finish finish = {
        .options = options, .scenario = scenario, .steps = steps, .written = true};
    cv_error error = {0};
    cv_window_frames frames = {0};
    cv_window_options window = {
        .scenario = scenario,
        .engine = {.untraced = options->untraced, .step = options->step || steps->loaded},
        .schedule = steps->records,
        .schedule_count = steps->loaded ? steps->schedule.count : 0,
        .schedule_path = steps->loaded ? steps->schedule.path : NULL,
        .on_steps = on_window_steps,
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
    /* The window's status is the one headless gives for the same run, and
     * a run cut short says why, as headless does: the window has no
     * summary, and "expectation not met" alone hides the cause (a schedule
     * that no longer fits, a dead worker). */
    if (finish.finished)
        print_quiet_failure(&finish.result);
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
    run_steps steps = {0};
    status = load_schedule(&options, &steps);
    cv_scenario scenario;
    cv_override_lines schedule_sets = {steps.loaded ? steps.schedule.path : NULL,
                                       steps.schedule.set_lines, steps.schedule.set_count};
    if (status < 0)
        status = cv_scenario_open_from(options.scenario, steps.overrides, steps.override_count,
                                       &schedule_sets, &scenario);
    if (status < 0)
        status = resolve_schedule(&steps, &scenario);
    /* Standard input is no file an output could overwrite. */
    const char *schedule_file = options.schedule_path && strcmp(options.schedule_path, "-") != 0
                                    ? options.schedule_path
                                    : NULL;
    if (status < 0)
        status = cv_outputs_check(&options.outputs, "run",
                                  (const char *const[]){scenario.path, schedule_file}, 2);
    if (status >= 0) {
        free_steps(&steps);
        return status;
    }
    if (!options.quiet)
        cv_scenario_print_notes(&scenario);
    cv_signals_install();
    cv_signals_outputs_pending(&options.outputs);
    status = options.headless ? run_headless(&scenario, &options, &steps)
                              : run_window(&scenario, &options, &steps);
    free_steps(&steps);
    return status;
}
