/*
 * summary.c — see summary.h. Percentages are of each worker's own lifetime
 * (spawn to done), so lanes compare at a glance.
 */
#include "summary.h"

#include <inttypes.h>

static void print_ids(FILE *out, const char *label, uint64_t count, const uint32_t *ids)
{
    if (count == 0)
        return;
    fprintf(out, "  %s (%" PRIu64 "):", label, count);
    for (uint64_t i = 0; i < count && i < CV_MAX_LISTED_IDS; i++)
        fprintf(out, " %" PRIu32, ids[i]);
    fprintf(out, "%s\n", count > CV_MAX_LISTED_IDS ? " ..." : "");
}

static void print_workers(FILE *out, const cv_run_result *result)
{
    fprintf(out, "  %-8s %-8s %8s %8s %9s", "worker", "role", "os_id", "items", "spawn_us");
    for (int s = CV_STATE_WORK; s < CV_STATE_DONE; s++)
        fprintf(out, " %9s", cv_state_name((cv_state)s));
    fputc('\n', out);
    for (uint32_t i = 0; i < result->worker_count; i++) {
        const cv_worker_summary *w = &result->workers[i];
        int64_t total = 0;
        for (int s = 0; s < CV_STATE_COUNT; s++)
            total += w->state_ns[s];
        fprintf(out, "  %-8s %-8s %8" PRId64 " %8" PRIu64 " %9.1f", w->name, cv_role_name(w->role),
                w->os_id, w->items, (double)w->spawn_ns / 1e3);
        for (int s = CV_STATE_WORK; s < CV_STATE_DONE; s++)
            fprintf(out, " %8.1f%%",
                    total > 0 ? 100.0 * (double)w->state_ns[s] / (double)total : 0);
        if (w->died)
            fprintf(out, "  (died)");
        fputc('\n', out);
    }
}

void cv_print_summary(FILE *out, const cv_scenario *scenario, const cv_run_result *result)
{
    uint32_t producers = 0, consumers = 0;
    for (uint32_t i = 0; i < result->worker_count; i++) {
        if (result->workers[i].role == CV_ROLE_PRODUCER)
            producers++;
        else
            consumers++;
    }
    fprintf(out, "%s: %s, buffer %u, %u producer(s), %u consumer(s), sync %s%s\n", scenario->name,
            cv_backend_name(result->backend), scenario->buffer_slots, producers, consumers,
            cv_sync_name(scenario->sync), scenario->gil ? ", GIL on" : "");
    double throughput =
        result->elapsed_s > 0 ? (double)result->items_consumed / result->elapsed_s : 0;
    fprintf(out,
            "%s in %.3f s: %" PRIu64 " produced, %" PRIu64 " consumed, %.1f items/s, ledger %s\n",
            cv_outcome_name(result->outcome), result->elapsed_s, result->items_produced,
            result->items_consumed, throughput, result->ledger_ok ? "ok" : "VIOLATED");
    if (result->explanation[0])
        fprintf(out, "  %s\n", result->explanation);
    char cores[64];
    cv_machine_format_cores(&result->machine, cores, sizeof cores);
    if (cores[0])
        fprintf(out, "  machine: %s\n", cores);
    /* A busy machine or unmeasured waits warn; a stepped run's note informs. */
    if (result->machine.note[0])
        fprintf(out, "  %s: %s\n",
                result->machine.busy || !result->machine.ready_measured ? "warning" : "note",
                result->machine.note);
    print_ids(out, "lost ids", result->lost_count, result->lost_ids);
    print_ids(out, "duplicated ids", result->duplicated_count, result->duplicated_ids);
    if (result->leftover_items)
        fprintf(out, "  %" PRIu64 " item(s) left in the buffer\n", result->leftover_items);
    if (result->dropped_events)
        fprintf(out, "  warning: %" PRIu64 " trace event(s) dropped (the collector fell behind)\n",
                result->dropped_events);
    print_workers(out, result);
}
