/*
 * cmd_sweep.c — `conveyor sweep`: how far does adding workers help? The
 * scenario runs at each value of one key, for itself and each --vs variant,
 * --repeat times, one run at a time; at each value the variants take turns
 * (A B C, A B C, ...) so that a load spike on a shared machine hits them
 * alike. Every scenario is loaded and checked before the first run. Ctrl-C
 * stops the run in progress and keeps every run done: the files are written
 * and say the sweep is incomplete.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog.h"
#include "commands.h"
#include "compare/sweep.h"
#include "conveyor/engine.h"
#include "diagnostics.h"
#include "output_checks.h"
#include "export/png.h"
#include "export/svg.h"
#include "export/sweep_export.h"
#include "scenario_source.h"
#include "signals.h"
#include "sweep_options.h"

#define POLL_NS 2000000

typedef struct sweep_state {
    cv_sweep_options options;
    cv_sweep sweep;
    cv_scenario scenarios[CV_SWEEP_POINTS_MAX][CV_SWEEP_VARIANTS_MAX];
    cv_sweep_run_time times[CV_SWEEP_POINTS_MAX][CV_SWEEP_VARIANTS_MAX][CV_SWEEP_REPEAT_MAX];
    char vary_overrides[CV_SWEEP_POINTS_MAX][192];
    const char *variant_labels[CV_SWEEP_VARIANTS_MAX];
    const char *values[CV_SWEEP_POINTS_MAX];
    struct timespec start;
} sweep_state;

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* The loader names each override "--set TEXT": say --vary or --vs instead. */
static void rename_overrides(cv_diagnostics *diag, const char *vary_override,
                             const char *vary_argument, const cv_variant *variant,
                             const char *variant_argument)
{
    for (int i = 0; i < diag->count; i++) {
        char *file = diag->items[i].file;
        size_t size = sizeof diag->items[i].file;
        if (strncmp(file, "--set ", 6) != 0)
            continue;
        if (strcmp(file + 6, vary_override) == 0) {
            snprintf(file, size, "--vary %.*s", (int)(size - 8), vary_argument);
            continue;
        }
        for (size_t k = 0; variant && k < variant->override_count; k++) {
            if (strcmp(file + 6, variant->overrides[k]) == 0)
                snprintf(file, size, "--vs %.*s", (int)(size - 6), variant_argument);
        }
    }
}

static int load_all(sweep_state *s, int point_count)
{
    const cv_sweep_options *o = &s->options;
    char path[CV_PATH_MAX];
    if (!cv_catalog_resolve(o->scenario, path, sizeof path))
        return cv_scenario_open(o->scenario, NULL, 0, &s->scenarios[0][0]); /* prints why */
    char vary_text[160];
    snprintf(vary_text, sizeof vary_text, "%s=%s", o->vary_key, "1,2,4,...");
    for (int p = 0; p < point_count; p++) {
        snprintf(s->vary_overrides[p], sizeof s->vary_overrides[p], "%s=%s", o->vary_key,
                 s->values[p]);
        for (int v = 0; v <= o->variant_count; v++) {
            const char *overrides[CV_MAX_OVERRIDES + 1 + CV_VARIANT_OVERRIDES_MAX];
            size_t count = 0;
            for (size_t i = 0; i < o->override_count; i++)
                overrides[count++] = o->overrides[i];
            overrides[count++] = s->vary_overrides[p];
            const cv_variant *variant = v ? &o->variants[v - 1] : NULL;
            for (size_t i = 0; variant && i < variant->override_count; i++)
                overrides[count++] = variant->overrides[i];
            cv_diagnostics diag;
            cv_diagnostics_clear(&diag);
            if (cv_scenario_load_file(path, overrides, count, &s->scenarios[p][v], &diag) !=
                CV_OK) {
                rename_overrides(&diag, s->vary_overrides[p],
                                 o->vary_argument ? o->vary_argument : vary_text, variant,
                                 v ? o->variant_arguments[v - 1] : NULL);
                cv_print_diagnostics(&diag);
                return CV_EXIT_USAGE;
            }
        }
    }
    return -1;
}

static void progress(const sweep_state *s, int done, int total, int point)
{
    double elapsed = seconds_since(&s->start);
    double left = done > 0 ? elapsed / done * (total - done) : 0;
    fprintf(stderr, "\rsweep: point %d of %d (%s=%s) \u00b7 run %d of %d \u00b7 %.1f s \u00b7 ",
            point + 1, s->sweep.point_count, s->options.vary_key, s->values[point], done + 1, total,
            elapsed);
    if (done > 0)
        fprintf(stderr, "about %.0f s left   ", left);
    else
        fputs("estimating   ", stderr);
}

static void run_one(sweep_state *s, int p, int v, int r)
{
    cv_engine_options engine_options = {.untraced = true};
    cv_engine *engine = NULL;
    cv_error error;
    cv_sweep_run_time *t = &s->times[p][v][r];
    t->started_s = seconds_since(&s->start);
    cv_status status = cv_engine_start(&s->scenarios[p][v], &engine_options, &engine, &error);
    if (status != CV_OK) {
        t->ended_s = seconds_since(&s->start);
        t->outcome = "failed";
        fputc('\n', stderr);
        cv_print_error(&error);
        cv_sweep_record(&s->sweep, p, v, (cv_sweep_sample){0, false});
        return;
    }
    cv_signals_watch(engine);
    struct timespec pause = {0, POLL_NS};
    while (cv_engine_poll(engine))
        nanosleep(&pause, NULL);
    cv_signals_watch(NULL);
    t->ended_s = seconds_since(&s->start);
    const cv_run_result *result = cv_engine_result(engine);
    t->outcome = cv_outcome_name(result->outcome);
    s->sweep.busy_runs += result->machine.busy;
    if (result->outcome != CV_OUTCOME_STOPPED || !cv_signals_received())
        cv_sweep_record(
            &s->sweep, p, v,
            (cv_sweep_sample){result->elapsed_s, result->outcome == CV_OUTCOME_COMPLETED});
    cv_engine_destroy(engine);
}

static void run_all(sweep_state *s)
{
    const cv_sweep *sw = &s->sweep;
    int total = sw->point_count * sw->variant_count * sw->repeat, done = 0;
    for (int p = 0; p < sw->point_count; p++) {
        for (int r = 0; r < sw->repeat; r++) {
            for (int v = 0; v < sw->variant_count; v++) {
                if (cv_signals_received())
                    return;
                if (!s->options.quiet)
                    progress(s, done, total, p);
                run_one(s, p, v, r);
                done++;
            }
        }
    }
}

static void print_table(const sweep_state *s, int cores)
{
    const cv_sweep *sw = &s->sweep;
    printf("\n%-18s", s->options.vary_key);
    for (int v = 0; v < sw->variant_count; v++)
        printf("  %-34.34s", s->variant_labels[v]);
    printf("\n");
    for (int p = 0; p < sw->point_count; p++) {
        printf("%-18s", s->values[p]);
        for (int v = 0; v < sw->variant_count; v++) {
            double median = cv_sweep_median_s(sw, p, v);
            char cell[64];
            if (median > 0)
                snprintf(cell, sizeof cell, "%.3f s  %.2f\u00d7", median,
                         cv_sweep_speedup(sw, p, v));
            else
                snprintf(cell, sizeof cell, "%s", sw->recorded[p][v] ? "no completed run" : "-");
            printf("  %-34s", cell);
        }
        printf("%s\n", cv_sweep_point_complete(sw, p) ? "" : "  (incomplete)");
    }
    printf("median of %d run(s) each; speed-up = the first value's median / this one's; "
           "%d cores%s\n",
           sw->repeat, cores, cv_sweep_complete(sw) ? "" : "; INCOMPLETE (interrupted)");
    if (sw->busy_runs > 0)
        printf("\u26a0 machine busy in %d of the runs: other programs took the runs' cores, so "
               "the speed-ups may be lower than this machine gives when idle\n",
               sw->busy_runs);
}

static bool finish(cv_status status, const cv_error *error, const char *path)
{
    if (status != CV_OK) {
        cv_print_error(error);
        return false;
    }
    cv_signals_output_written(path);
    return true;
}

static bool write_files(const sweep_state *s, int cores)
{
    const cv_outputs *out = &s->options.outputs;
    cv_sweep_labels labels = {.scenario = s->scenarios[0][0].name,
                              .vary_key = s->options.vary_key,
                              .cores = cores,
                              .times = s->times};
    for (int p = 0; p < s->sweep.point_count; p++)
        labels.values[p] = s->values[p];
    for (int v = 0; v < s->sweep.variant_count; v++)
        labels.variants[v] = s->variant_labels[v];
    bool ok = true;
    cv_error error = {0};
    if (out->csv_path)
        ok &= finish(cv_sweep_write_csv(out->csv_path, &s->sweep, &labels, &error), &error,
                     out->csv_path);
    if (out->report_path)
        ok &= finish(cv_sweep_write_report(out->report_path, &s->sweep, &labels, &error), &error,
                     out->report_path);
    cv_sweep_plot_input plot = {.sweep = &s->sweep,
                                .scenario = labels.scenario,
                                .vary_key = labels.vary_key,
                                .values = labels.values,
                                .variants = labels.variants,
                                .cores = cores};
    if (out->png_path) {
        cv_png_options png = {.width = out->width, .height = out->height, .theme = out->theme};
        ok &= finish(cv_png_write_sweep(out->png_path, &plot, &png, &error), &error, out->png_path);
    }
    if (out->svg_path) {
        cv_svg_options svg = {.width = out->width, .height = out->height, .theme = out->theme};
        ok &= finish(cv_svg_write_sweep(out->svg_path, &plot, &svg, &error), &error, out->svg_path);
    }
    return ok;
}

int cv_cmd_sweep(int argc, char **argv)
{
    sweep_state *s = calloc(1, sizeof *s);
    if (!s) {
        fprintf(stderr, "conveyor: error: out of memory for the sweep\n");
        return CV_EXIT_RUN_FAILED;
    }
    int status = cv_sweep_options_parse(argc, argv, &s->options);
    int cores = (int)cv_cores_available();
    cores = cores > 0 ? cores : 1;
    if (status < 0 && s->options.value_count == 0)
        s->options.value_count = cv_sweep_default_values(cores, s->options.value_storage);
    int points = s->options.value_count;
    for (int p = 0; p < points; p++)
        s->values[p] = s->options.value_storage[p];
    if (status < 0)
        status = load_all(s, points);
    /* Before the runs: a sweep takes minutes and must not end in a usage error. */
    if (status < 0)
        status = cv_outputs_check(&s->options.outputs, "sweep",
                                  (const char *const[]){s->scenarios[0][0].path}, 1);
    if (status >= 0) {
        free(s);
        return status;
    }
    cv_sweep_init(&s->sweep, points, s->options.variant_count + 1, s->options.repeat);
    for (int p = 0; p < points; p++)
        s->sweep.values[p] = strtod(s->values[p], NULL);
    s->variant_labels[0] = "as written";
    for (int v = 0; v < s->options.variant_count; v++)
        s->variant_labels[v + 1] = s->options.variants[v].label;
    cv_signals_install();
    cv_signals_outputs_pending(&s->options.outputs);
    clock_gettime(CLOCK_MONOTONIC, &s->start);
    run_all(s);
    if (!s->options.quiet) {
        fprintf(stderr, "\rsweep: %s in %.1f s%40s\n",
                cv_sweep_complete(&s->sweep) ? "done" : "interrupted", seconds_since(&s->start),
                "");
        print_table(s, cores);
    }
    fflush(stdout);
    bool written = write_files(s, cores);
    free(s);
    if (cv_signals_received())
        return cv_signals_exit_status();
    return written ? CV_EXIT_OK : CV_EXIT_RUN_FAILED;
}
