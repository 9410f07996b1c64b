/*
 * tracer_check.c — reads back a trace written by the tracer library and
 * checks what the tests of examples/ expect of it; prints every difference
 * and exits 1 on any, 2 on bad arguments.
 *
 *   tracer_check FILE [--lanes N] [--state NAME]... [--ledger-ok]
 *                [--died LANE] [--outcome NAME] [--backend NAME] [--in-order]
 *                [--gets-after-puts]
 *
 * --state NAME: some lane spends time in that state. --ledger-ok: every put
 * is matched by a get (and no get without a put). --died LANE: that lane
 * was marked died and its last event is `done`; every other lane ends in
 * `done` too. --in-order: the hand-overs of all lanes, in time order, are
 * the buffer's own order: no item is got before it is put, and every put
 * and get records the fill that the puts and gets before it leave (a
 * program that records them outside its critical section fails this now
 * and then, and its picture shows items in the buffer that are gone).
 * --gets-after-puts: only the first half (for buffers whose fill is not
 * known, such as a pipe).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conveyor/tracefile.h"

static int failures;

static void fail(const char *what, const char *detail)
{
    fprintf(stderr, "tracer_check: %s%s\n", what, detail);
    failures++;
}

static int lane_named(const cv_trace *trace, const char *name)
{
    for (uint32_t i = 0; i < trace->lane_count; i++)
        if (strcmp(trace->lanes[i].name, name) == 0)
            return (int)i;
    return -1;
}

static void check_state(const cv_trace *trace, const char *name)
{
    cv_state state;
    if (!cv_state_from_name(name, &state)) {
        fail("no such state: ", name);
        return;
    }
    for (uint32_t lane = 0; lane < trace->lane_count; lane++) {
        const cv_lane_events *events = &trace->events[lane];
        for (size_t i = 0; i < events->count; i++)
            if (cv_event_kind(&events->events[i]) == (uint32_t)state)
                return;
    }
    fail("no lane was ever in state ", name);
}

static void check_ends(const cv_trace *trace, const cv_run_result *result, const char *died)
{
    for (uint32_t lane = 0; lane < trace->lane_count; lane++) {
        const cv_lane_events *events = &trace->events[lane];
        const char *name = trace->lanes[lane].name;
        uint32_t last_state = CV_STATE_COUNT;
        for (size_t i = 0; i < events->count; i++)
            if (cv_event_is_state(&events->events[i]))
                last_state = cv_event_kind(&events->events[i]);
        if (last_state != CV_STATE_DONE)
            fail("this lane does not end in done: ", name);
        bool should_die = died && strcmp(died, name) == 0;
        if (result->workers[lane].died != should_die)
            fail(should_die ? "not marked died: " : "marked died: ", name);
    }
}

static int by_time(const void *a, const void *b)
{
    const cv_event *x = a, *y = b;
    return (x->time_ns > y->time_ns) - (x->time_ns < y->time_ns);
}

static void check_in_order(const cv_trace *trace, bool fills_too)
{
    size_t total = 0;
    for (uint32_t lane = 0; lane < trace->lane_count; lane++)
        total += trace->events[lane].count;
    cv_event *handovers = malloc((total ? total : 1) * sizeof *handovers);
    if (!handovers) {
        fail("out of memory", "");
        return;
    }
    size_t count = 0;
    for (uint32_t lane = 0; lane < trace->lane_count; lane++)
        for (size_t i = 0; i < trace->events[lane].count; i++)
            if (cv_event_is_handover(&trace->events[lane].events[i]))
                handovers[count++] = trace->events[lane].events[i];
    qsort(handovers, count, sizeof *handovers, by_time);
    long fill = 0, early_gets = 0, wrong_fills = 0;
    /* Puts minus gets of each id so far (ids are small in the examples). */
    enum { IDS = 1 << 16 };
    static long balance[IDS];
    memset(balance, 0, sizeof balance);
    for (size_t i = 0; i < count; i++) {
        const cv_event *e = &handovers[i];
        bool put = cv_event_kind(e) == CV_EVENT_PUT;
        fill += put ? 1 : -1;
        long *of_id = &balance[e->item % IDS];
        *of_id += put ? 1 : -1;
        if (*of_id < 0)
            early_gets++;
        if (fills_too && (long)cv_event_fill(e) != fill)
            wrong_fills++;
    }
    free(handovers);
    char detail[160];
    snprintf(detail, sizeof detail,
             "%ld gets before their put, %ld fills that disagree with the "
             "puts and gets before them (of %zu hand-overs)",
             early_gets, wrong_fills, count);
    if (early_gets || wrong_fills || count == 0)
        fail("hand-overs out of the buffer's order: ", detail);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(
            stderr,
            "usage: tracer_check FILE [--lanes N] [--state NAME]... [--ledger-ok] "
            "[--died LANE] [--outcome NAME] [--backend NAME] [--in-order] [--gets-after-puts]\n");
        return 2;
    }
    cv_trace trace;
    cv_run_result result;
    bool has_result;
    cv_error error;
    if (cv_tracefile_read(argv[1], &trace, &result, &has_result, &error) != CV_OK) {
        fprintf(stderr, "tracer_check: %s: %s\n", argv[1], error.message);
        return 1;
    }
    if (!has_result)
        fail("the trace holds no result", "");
    const char *died = NULL;
    for (int i = 2; i < argc; i++) {
        const char *option = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        char detail[160];
        if (strcmp(option, "--ledger-ok") == 0) {
            snprintf(detail, sizeof detail, "%llu lost, %llu duplicated (%llu puts, %llu gets)",
                     (unsigned long long)result.lost_count,
                     (unsigned long long)result.duplicated_count,
                     (unsigned long long)result.items_produced,
                     (unsigned long long)result.items_consumed);
            if (!result.ledger_ok || result.items_produced == 0)
                fail("puts and gets do not match: ", detail);
            continue;
        }
        if (strcmp(option, "--in-order") == 0 || strcmp(option, "--gets-after-puts") == 0) {
            check_in_order(&trace, strcmp(option, "--in-order") == 0);
            continue;
        }
        if (!value) {
            fprintf(stderr, "tracer_check: %s needs a value\n", option);
            return 2;
        }
        i++;
        if (strcmp(option, "--lanes") == 0) {
            snprintf(detail, sizeof detail, "%u, expected %s", trace.lane_count, value);
            if (trace.lane_count != (uint32_t)atoi(value))
                fail("lanes: ", detail);
        } else if (strcmp(option, "--state") == 0) {
            check_state(&trace, value);
        } else if (strcmp(option, "--died") == 0) {
            died = value;
            if (lane_named(&trace, value) < 0)
                fail("no lane named ", value);
        } else if (strcmp(option, "--outcome") == 0) {
            snprintf(detail, sizeof detail, "%s in the result, %s in the trace, expected %s",
                     cv_outcome_name(result.outcome), cv_outcome_name(trace.outcome), value);
            if (strcmp(cv_outcome_name(result.outcome), value) != 0 ||
                trace.outcome != result.outcome)
                fail("outcome: ", detail);
        } else if (strcmp(option, "--backend") == 0) {
            snprintf(detail, sizeof detail, "%s, expected %s", cv_backend_name(trace.backend),
                     value);
            if (strcmp(cv_backend_name(trace.backend), value) != 0)
                fail("backend: ", detail);
        } else {
            fprintf(stderr, "tracer_check: unknown option %s\n", option);
            return 2;
        }
    }
    if (has_result)
        check_ends(&trace, &result, died);
    if (trace.dropped_events)
        fail("events were dropped", "");
    cv_trace_free(&trace);
    cv_tracefile_result_free(&result);
    return failures ? 1 : 0;
}
