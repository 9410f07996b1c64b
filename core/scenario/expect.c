/*
 * expect.c — comparing a run's result with what the lesson promised in
 * [expect]: its outcome, a minimum of items consumed, a maximum elapsed
 * time. Every unmet expectation is named, so one run tells the author all
 * that changed, not just the first thing. A claim a --set changed the
 * subject of is skipped, and said so once, before the run.
 */
#include "conveyor/expect.h"

#include "duration.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct verdict {
    char *why;
    size_t size;
    size_t used;
    bool met;
} verdict;

static void append_clause(verdict *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void append_clause(verdict *v, const char *fmt, ...)
{
    bool first = v->met;
    v->met = false;
    if (!v->why || v->used + 1 >= v->size)
        return;
    if (!first) {
        int n = snprintf(v->why + v->used, v->size - v->used, "; ");
        v->used += n > 0 ? (size_t)n : 0;
        if (v->used >= v->size)
            return;
    }
    va_list args;
    va_start(args, fmt);
    int n = vsnprintf(v->why + v->used, v->size - v->used, fmt, args);
    va_end(args);
    v->used += n > 0 ? (size_t)n : 0;
}

bool cv_expect_check(const cv_scenario *scenario, cv_outcome outcome, uint64_t items_consumed,
                     double elapsed_s, char *why, size_t why_size)
{
    verdict v = {why_size > 0 ? why : NULL, why_size, 0, true};
    if (v.why)
        v.why[0] = '\0';
    const cv_expect *e = &scenario->expect;
    if (!e->set)
        return true;
    if (e->outcome_changed_by[0] == '\0' && outcome != e->outcome)
        append_clause(&v, "expected outcome %s, but the run ended with %s",
                      cv_outcome_name(e->outcome), cv_outcome_name(outcome));
    if (e->min_items > 0 && items_consumed < e->min_items)
        append_clause(&v, "expected at least %llu items consumed, but %llu were",
                      (unsigned long long)e->min_items, (unsigned long long)items_consumed);
    if (e->max_elapsed_changed_by[0] == '\0' && e->max_elapsed_ns > 0 &&
        elapsed_s * 1e9 > (double)e->max_elapsed_ns) {
        char limit[32];
        cv_duration_format(e->max_elapsed_ns, limit, sizeof limit);
        append_clause(&v, "expected the run to take at most %s, but it took %.3fs", limit,
                      elapsed_s);
    }
    return v.met;
}

bool cv_expect_describe_overrides(const cv_scenario *scenario, char *out, size_t out_size)
{
    verdict v = {out_size > 0 ? out : NULL, out_size, 0, true};
    if (v.why)
        v.why[0] = '\0';
    const cv_expect *e = &scenario->expect;
    if (!e->set)
        return false;
    if (e->min_items_in_file > 0)
        append_clause(&v,
                      "expect.min_items scaled from %llu to %llu for the %llu items of this run",
                      (unsigned long long)e->min_items_in_file, (unsigned long long)e->min_items,
                      (unsigned long long)scenario->items);
    if (e->outcome_changed_by[0] != '\0')
        append_clause(&v, "expect.outcome = %s not checked: %s was overridden",
                      cv_outcome_name(e->outcome), e->outcome_changed_by);
    if (e->max_elapsed_ns > 0 && e->max_elapsed_changed_by[0] != '\0')
        append_clause(&v, "expect.max_elapsed not checked: %s was overridden",
                      e->max_elapsed_changed_by);
    return !v.met;
}
