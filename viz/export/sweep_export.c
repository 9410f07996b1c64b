/*
 * sweep_export.c — see sweep_export.h. Both files go through the shared
 * output file (export/output_file.h), so a failed write leaves nothing that
 * looks complete; the JSON is built with jansson, as the run report is.
 */
#include "export/sweep_export.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "export/output_file.h"

static void write_csv_field(FILE *out, const char *text)
{
    if (!strpbrk(text, ",\"\r\n")) {
        fputs(text, out);
        return;
    }
    fputc('"', out);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

cv_status cv_sweep_write_csv(const char *path, const cv_sweep *sweep, const cv_sweep_labels *labels,
                             cv_error *err)
{
    cv_output_file file;
    cv_status status = cv_output_open(&file, path, "table", err);
    if (status != CV_OK)
        return status;
    FILE *out = file.stream;
    fputs("point,value,variant,repeat,elapsed_s,outcome,started_s,ended_s\n", out);
    for (int p = 0; p < sweep->point_count; p++) {
        for (int v = 0; v < sweep->variant_count; v++) {
            for (int r = 0; r < sweep->recorded[p][v]; r++) {
                const cv_sweep_run_time *t = &labels->times[p][v][r];
                fprintf(out, "%d,", p + 1);
                write_csv_field(out, labels->values[p]);
                fputc(',', out);
                write_csv_field(out, labels->variants[v]);
                fprintf(out, ",%d,%.6f,%s,%.6f,%.6f\n", r + 1, sweep->samples[p][v][r].elapsed_s,
                        t->outcome, t->started_s, t->ended_s);
            }
        }
    }
    return cv_output_close(&file, err);
}

typedef struct builder {
    bool failed;
} builder;

static void put(builder *b, json_t *object, const char *key, json_t *value)
{
    if (!value || json_object_set_new(object, key, value) != 0)
        b->failed = true;
}

static void append(builder *b, json_t *array, json_t *value)
{
    if (!value || json_array_append_new(array, value) != 0)
        b->failed = true;
}

static json_t *number_or_null(double value)
{
    return value > 0 ? json_real(value) : json_null();
}

static json_t *variant_at(builder *b, const cv_sweep *sweep, const cv_sweep_labels *labels, int p,
                          int v)
{
    json_t *entry = json_object(), *runs = json_array();
    if (!entry || !runs) {
        json_decref(entry);
        json_decref(runs);
        b->failed = true;
        return NULL;
    }
    put(b, entry, "variant", json_string(labels->variants[v]));
    put(b, entry, "median_elapsed_s", number_or_null(cv_sweep_median_s(sweep, p, v)));
    put(b, entry, "speedup", number_or_null(cv_sweep_speedup(sweep, p, v)));
    for (int r = 0; r < sweep->recorded[p][v]; r++) {
        const cv_sweep_run_time *t = &labels->times[p][v][r];
        json_t *run = json_object();
        if (!run) {
            b->failed = true;
            break;
        }
        put(b, run, "elapsed_s", json_real(sweep->samples[p][v][r].elapsed_s));
        put(b, run, "outcome", json_string(t->outcome));
        put(b, run, "started_s", json_real(t->started_s));
        put(b, run, "ended_s", json_real(t->ended_s));
        append(b, runs, run);
    }
    put(b, entry, "runs", runs);
    return entry;
}

static json_t *build(const cv_sweep *sweep, const cv_sweep_labels *labels)
{
    builder b = {false};
    json_t *root = json_object(), *values = json_array(), *variants = json_array(),
           *points = json_array();
    if (!root || !values || !variants || !points) {
        json_decref(root);
        json_decref(values);
        json_decref(variants);
        json_decref(points);
        return NULL;
    }
    put(&b, root, "scenario", json_string(labels->scenario));
    put(&b, root, "vary_key", json_string(labels->vary_key));
    for (int p = 0; p < sweep->point_count; p++)
        append(&b, values, json_string(labels->values[p]));
    for (int v = 0; v < sweep->variant_count; v++)
        append(&b, variants, json_string(labels->variants[v]));
    put(&b, root, "values", values);
    put(&b, root, "variants", variants);
    put(&b, root, "repeat", json_integer(sweep->repeat));
    put(&b, root, "cores", json_integer(labels->cores));
    put(&b, root, "busy_runs", json_integer(sweep->busy_runs));
    put(&b, root, "complete", json_boolean(cv_sweep_complete(sweep)));
    for (int p = 0; p < sweep->point_count; p++) {
        json_t *point = json_object(), *at = json_array();
        if (!point || !at) {
            json_decref(point);
            json_decref(at);
            b.failed = true;
            break;
        }
        put(&b, point, "value", json_string(labels->values[p]));
        put(&b, point, "ideal_speedup", number_or_null(cv_sweep_ideal(sweep, p)));
        put(&b, point, "complete", json_boolean(cv_sweep_point_complete(sweep, p)));
        for (int v = 0; v < sweep->variant_count; v++)
            append(&b, at, variant_at(&b, sweep, labels, p, v));
        put(&b, point, "variants", at);
        append(&b, points, point);
    }
    put(&b, root, "points", points);
    if (b.failed) {
        json_decref(root);
        return NULL;
    }
    return root;
}

cv_status cv_sweep_write_report(const char *path, const cv_sweep *sweep,
                                const cv_sweep_labels *labels, cv_error *err)
{
    json_t *root = build(sweep, labels);
    if (!root)
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory building the sweep report");
    cv_output_file file;
    cv_status status = cv_output_open(&file, path, "report", err);
    if (status == CV_OK) {
        json_dumpf(root, file.stream, JSON_INDENT(2) | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(9));
        fputc('\n', file.stream);
        status = cv_output_close(&file, err);
    }
    json_decref(root);
    return status;
}
