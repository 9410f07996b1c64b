/*
 * report.c — the run summary as JSON, built with jansson.
 *
 * The document is small (one entry per worker), so it is built in memory and
 * dumped at once through output_file, so the report is complete or absent. Times per state come
 * from the workers' own counters (cv_worker_summary.state_ns), which stay
 * exact even when trace events were dropped.
 */
#include "export/report.h"
#include "export/output_file.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

/* jansson reports allocation failure by returning -1 from every setter; we
 * collect those into one flag instead of checking each call. */
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

static json_t *integer_u64(uint64_t value)
{
    /* json_int_t is long long; counters never get near 2^63. */
    return json_integer((json_int_t)value);
}

static json_t *id_list(builder *b, const uint32_t *ids, uint64_t count)
{
    json_t *array = json_array();
    uint64_t listed = count < CV_MAX_LISTED_IDS ? count : CV_MAX_LISTED_IDS;
    for (uint64_t i = 0; array && i < listed; i++)
        append(b, array, json_integer(ids[i]));
    return array;
}

static json_t *worker_times(builder *b, const cv_worker_summary *w)
{
    json_t *times = json_object();
    if (!times)
        return NULL;
    /* Every state but "done", which has no duration worth reporting. */
    for (int s = 0; s < CV_STATE_COUNT; s++) {
        if (s == CV_STATE_DONE)
            continue;
        int64_t ns = w->state_ns[s];
        /* The worker cannot time its own start; the parent's measure stands in. */
        if (s == CV_STATE_SPAWN && ns == 0)
            ns = w->spawn_ns;
        put(b, times, cv_state_name((cv_state)s), json_real((double)ns / 1e6));
    }
    return times;
}

static json_t *worker_entry(builder *b, const cv_worker_summary *w)
{
    json_t *entry = json_object();
    if (!entry)
        return NULL;
    put(b, entry, "name", json_string(w->name));
    put(b, entry, "role", json_string(cv_role_name(w->role)));
    put(b, entry, "os_id", json_integer(w->os_id));
    put(b, entry, "items", integer_u64(w->items));
    put(b, entry, "spawn_us", json_real((double)w->spawn_ns / 1e3));
    put(b, entry, "time_ms", worker_times(b, w));
    put(b, entry, "died", json_boolean(w->died));
    put(b, entry, "exit_signal", json_integer(w->exit_signal));
    put(b, entry, "exit_code", json_integer(w->exit_code));
    return entry;
}

static void put_scenario(builder *b, json_t *root, const cv_scenario *s)
{
    put(b, root, "scenario", json_string(s ? s->name : ""));
    put(b, root, "scenario_path", json_string(s ? s->path : ""));
    put(b, root, "description", json_string(s ? s->description : ""));
    put(b, root, "sync", json_string(s ? cv_sync_name(s->sync) : ""));
    put(b, root, "gil", json_boolean(s && s->gil));
    put(b, root, "buffer_slots", json_integer(s ? s->buffer_slots : 0));
    put(b, root, "items_requested", integer_u64(s ? s->items : 0));
}

static void put_totals(builder *b, json_t *root, const cv_run_result *r)
{
    double throughput = r->elapsed_s > 0 ? (double)r->items_consumed / r->elapsed_s : 0.0;
    put(b, root, "backend", json_string(cv_backend_name(r->backend)));
    put(b, root, "elapsed_s", json_real(r->elapsed_s));
    put(b, root, "items_produced", integer_u64(r->items_produced));
    put(b, root, "items_consumed", integer_u64(r->items_consumed));
    put(b, root, "throughput_items_per_s", json_real(throughput));
    put(b, root, "ledger_ok", json_boolean(r->ledger_ok));
    put(b, root, "outcome", json_string(cv_outcome_name(r->outcome)));
    put(b, root, "dropped_events", integer_u64(r->dropped_events));
    put(b, root, "explanation", json_string(r->explanation));
    put(b, root, "lost_count", integer_u64(r->lost_count));
    put(b, root, "lost_ids", id_list(b, r->lost_ids, r->lost_count));
    put(b, root, "duplicated_count", integer_u64(r->duplicated_count));
    put(b, root, "duplicated_ids", id_list(b, r->duplicated_ids, r->duplicated_count));
    put(b, root, "leftover_items", integer_u64(r->leftover_items));
    put(b, root, "calibration_iterations_per_us", json_real(r->calibration_iterations_per_us));
    const cv_machine *m = &r->machine;
    put(b, root, "cores", json_integer(m->cores));
    put(b, root, "cores_available", json_integer(m->cores_available));
    put(b, root, "load_average", m->load_average >= 0 ? json_real(m->load_average) : json_null());
    put(b, root, "ready_measured", json_boolean(m->ready_measured));
    put(b, root, "machine_busy", json_boolean(m->busy));
    put(b, root, "machine_note", json_string(m->note));
}

static json_t *build_report(const cv_scenario *s, const cv_run_result *r)
{
    builder b = {false};
    json_t *root = json_object();
    json_t *workers = json_array();
    if (!root || !workers) {
        json_decref(root);
        json_decref(workers);
        return NULL;
    }
    put_scenario(&b, root, s);
    put_totals(&b, root, r);
    for (uint32_t i = 0; i < r->worker_count; i++)
        append(&b, workers, worker_entry(&b, &r->workers[i]));
    put(&b, root, "workers", workers);
    if (b.failed) {
        json_decref(root);
        return NULL;
    }
    return root;
}

static cv_status dump(json_t *root, const char *path, cv_error *err)
{
    const size_t flags = JSON_INDENT(2) | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(12);
    cv_output_file file;
    cv_status status = cv_output_open(&file, path, "report", err);
    if (status != CV_OK)
        return status;
    if (json_dumpf(root, file.stream, flags) != 0 && !ferror(file.stream)) {
        cv_output_discard(&file);
        return cv_fail(err, CV_ERR_NOMEM, path, 0, "out of memory writing the report");
    }
    fputc('\n', file.stream);
    return cv_output_close(&file, err);
}

cv_status cv_report_write(const char *path, const cv_scenario *scenario,
                          const cv_run_result *result, cv_error *err)
{
    if (!path || !result)
        return cv_fail(err, CV_ERR_USAGE, "", 0, "cv_report_write: path and result are required");
    json_t *root = build_report(scenario, result);
    if (!root)
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory building the report");
    cv_status status = dump(root, path, err);
    json_decref(root);
    return status;
}

static json_t *speedup_value(const cv_report_run *run)
{
    return run->speedup > 0 ? json_real(run->speedup) : json_null();
}

static json_t *build_run(builder *b, const cv_report_run *run)
{
    json_t *entry = json_object();
    if (!entry)
        return NULL;
    put(b, entry, "variant", json_string(run->variant ? run->variant : ""));
    put(b, entry, "started_s", json_real(run->started_s));
    put(b, entry, "ended_s", json_real(run->ended_s));
    put(b, entry, "speedup", speedup_value(run));
    put(b, entry, "speedup_note", json_string(run->speedup_note ? run->speedup_note : ""));
    json_t *report = build_report(run->scenario, run->result);
    if (!report)
        b->failed = true;
    put(b, entry, "report", report);
    return entry;
}

cv_status cv_report_write_runs(const char *path, const cv_report_run *runs, int count,
                               cv_error *err)
{
    if (!path || !runs || count < 1)
        return cv_fail(err, CV_ERR_USAGE, "", 0, "cv_report_write_runs: path and runs required");
    builder b = {false};
    json_t *root = json_object();
    json_t *entries = json_array();
    json_t *speedups = json_array();
    if (!root || !entries || !speedups)
        b.failed = true;
    for (int i = 0; !b.failed && i < count; i++) {
        append(&b, entries, build_run(&b, &runs[i]));
        append(&b, speedups, speedup_value(&runs[i]));
    }
    put(&b, root, "runs", entries);
    put(&b, root, "speedups", speedups);
    if (b.failed) {
        json_decref(root);
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory building the report");
    }
    errno = 0;
    cv_status status = dump(root, path, err);
    json_decref(root);
    return status;
}
