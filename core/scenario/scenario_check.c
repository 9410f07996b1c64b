/*
 * scenario_check.c — the rules a scenario must follow, whoever built it.
 * The loader calls cv_scenario_check() with the origin of every value so an
 * error points at the line (or --set argument) to fix; the window calls
 * cv_scenario_validate() after editing a scenario in code. Ranges live here
 * once, so a file and an edit are held to the same limits.
 */
#include "scenario_check.h"

#include "duration.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *const cv_run_key_names[CV_RUN_KEY_COUNT] = {
    [CV_RUN_NAME] = "name",
    [CV_RUN_DESCRIPTION] = "description",
    [CV_RUN_BACKEND] = "backend",
    [CV_RUN_BUFFER] = "buffer",
    [CV_RUN_ITEMS] = "items",
    [CV_RUN_DURATION] = "duration",
    [CV_RUN_SEED] = "seed",
    [CV_RUN_GIL] = "gil",
    [CV_RUN_SWITCH_INTERVAL] = "switch_interval",
    [CV_RUN_SYNC] = "sync",
    [CV_RUN_DEADLOCK_TIMEOUT] = "deadlock_timeout",
    [CV_RUN_CORES] = "cores",
};

const char *const cv_group_key_names[CV_GROUP_KEY_COUNT] = {
    [CV_GROUP_COUNT] = "count",
    [CV_GROUP_WORK] = "work",
    [CV_GROUP_START_DELAY] = "start_delay",
};

const char *const cv_expect_key_names[CV_EXPECT_KEY_COUNT] = {
    [CV_EXPECT_OUTCOME] = "outcome",
    [CV_EXPECT_MIN_ITEMS] = "min_items",
    [CV_EXPECT_MAX_ELAPSED] = "max_elapsed",
};

void cv_origin_report(cv_diagnostics *diag, const cv_scenario_origins *origins, const cv_origin *at,
                      int fallback_line, const char *fmt, ...)
{
    char label[CV_ERROR_FILE_MAX];
    const char *file = origins->file;
    int line = fallback_line;
    if (at && at->set && at->override > 0) {
        snprintf(label, sizeof label, "--set %s", origins->overrides[at->override - 1]);
        file = label;
        line = 0;
    } else if (at && at->set) {
        line = at->line;
    }
    va_list args;
    va_start(args, fmt);
    cv_diagnostics_addv(diag, file, line, fmt, args);
    va_end(args);
}

typedef struct checker {
    const cv_scenario *s;
    const cv_scenario_origins *o;
    cv_diagnostics *diag;
} checker;

#define REPORT_RUN(c, key, ...)                                                                    \
    cv_origin_report((c)->diag, (c)->o, &(c)->o->run[key], 0, __VA_ARGS__)
#define REPORT_EXPECT(c, key, ...)                                                                 \
    cv_origin_report((c)->diag, (c)->o, &(c)->o->expect[key], 0, __VA_ARGS__)
#define REPORT_GROUP(c, g, key, ...)                                                               \
    cv_origin_report((c)->diag, (c)->o, &(c)->o->groups[g][key], (c)->s->groups[g].line,           \
                     __VA_ARGS__)

static bool has_terminator(const char *text, size_t size)
{
    return memchr(text, '\0', size) != NULL;
}

static void check_duration(checker *c, cv_run_key key, int64_t ns, int64_t min_ns, int64_t max_ns)
{
    if (ns >= min_ns && ns <= max_ns)
        return;
    char value[32], low[32], high[32];
    cv_duration_format(ns, value, sizeof value);
    cv_duration_format(min_ns, low, sizeof low);
    cv_duration_format(max_ns, high, sizeof high);
    REPORT_RUN(c, key, "%s: %s is out of range; expected a duration from %s to %s",
               cv_run_key_names[key], value, low, high);
}

static void check_run(checker *c)
{
    const cv_scenario *s = c->s;
    if (!has_terminator(s->name, sizeof s->name) || s->name[0] == '\0')
        REPORT_RUN(c, CV_RUN_NAME, "name: must be 1 to %d characters", CV_NAME_MAX - 1);
    if (!has_terminator(s->description, sizeof s->description))
        REPORT_RUN(c, CV_RUN_DESCRIPTION, "description: must be at most %d characters",
                   CV_DESCRIPTION_MAX - 1);
    if (s->backend != CV_BACKEND_THREADS && s->backend != CV_BACKEND_PROCESSES)
        REPORT_RUN(c, CV_RUN_BACKEND, "backend: unknown backend %d", (int)s->backend);
    if (s->buffer_slots < 1 || s->buffer_slots > CV_MAX_BUFFER_SLOTS)
        REPORT_RUN(c, CV_RUN_BUFFER,
                   "buffer: %u is out of range; expected a whole number from 1 to %u",
                   s->buffer_slots, CV_MAX_BUFFER_SLOTS);
    if (s->items < 1 || s->items > CV_MAX_ITEMS)
        REPORT_RUN(c, CV_RUN_ITEMS,
                   "items: %llu is out of range; expected a whole number from 1 to %llu",
                   (unsigned long long)s->items, CV_MAX_ITEMS);
    check_duration(c, CV_RUN_DURATION, s->duration_ns, 0, CV_MAX_DURATION_NS);
    check_duration(c, CV_RUN_SWITCH_INTERVAL, s->switch_interval_ns, CV_MIN_SWITCH_INTERVAL_NS,
                   CV_MAX_SWITCH_INTERVAL_NS);
    check_duration(c, CV_RUN_DEADLOCK_TIMEOUT, s->deadlock_timeout_ns, CV_MIN_DEADLOCK_TIMEOUT_NS,
                   CV_MAX_DURATION_NS);
    uint32_t available = cv_cores_available();
    if (s->cores > available)
        REPORT_RUN(c, CV_RUN_CORES,
                   "cores: %u is more than this machine gives conveyor; expected 1 to %u, or 0 "
                   "for all",
                   s->cores, available);
    if ((unsigned)s->sync >= CV_SYNC_COUNT)
        REPORT_RUN(c, CV_RUN_SYNC, "sync: unknown mode %d", (int)s->sync);
}

static bool spec_is_valid(const cv_duration_spec *d)
{
    bool in_range = d->a_ns >= 0 && d->a_ns <= CV_MAX_DURATION_NS && d->b_ns >= 0 &&
                    d->b_ns <= CV_MAX_DURATION_NS;
    switch (d->kind) {
    case CV_DIST_FIXED:
    case CV_DIST_NORMAL:
        return in_range;
    case CV_DIST_UNIFORM:
        return in_range && d->a_ns <= d->b_ns;
    case CV_DIST_EXP:
        return in_range && d->a_ns > 0;
    }
    return false;
}

/* The prefix of the group's lane names: its name, or P / C for an unnamed group. */
static const char *lane_prefix(const cv_group *g)
{
    if (g->name[0] != '\0')
        return g->name;
    return g->role == CV_ROLE_PRODUCER ? "P" : "C";
}

void cv_group_section_title(const cv_group *g, char *out, size_t out_size)
{
    const char *role = g->role == CV_ROLE_PRODUCER ? "producers" : "consumers";
    if (g->name[0] == '\0')
        snprintf(out, out_size, "[%s]", role);
    else
        snprintf(out, out_size, "[%s %s]", role, g->name);
}

static bool name_character_ok(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '-';
}

/* Lanes are named prefix0, prefix1...: two groups must not share a prefix. */
static void check_lane_prefix(checker *c, uint32_t index, const char *title)
{
    const cv_group *g = &c->s->groups[index];
    for (uint32_t j = 0; j < index; j++) {
        if (strcmp(lane_prefix(&c->s->groups[j]), lane_prefix(g)) != 0)
            continue;
        char other[CV_NAME_MAX + 16];
        cv_group_section_title(&c->s->groups[j], other, sizeof other);
        cv_origin_report(c->diag, c->o, NULL, g->line,
                         "%s: its lanes would have the same names as those of %s", title, other);
        return;
    }
}

static void check_group_name(checker *c, uint32_t index)
{
    const cv_group *g = &c->s->groups[index];
    char title[CV_NAME_MAX + 16];
    if (!has_terminator(g->name, sizeof g->name)) {
        cv_origin_report(c->diag, c->o, NULL, g->line, "group name is too long");
        return;
    }
    cv_group_section_title(g, title, sizeof title);
    check_lane_prefix(c, index, title);
    size_t length = strlen(g->name);
    if (length == 0)
        return;
    bool characters_ok = true;
    for (size_t i = 0; i < length; i++)
        characters_ok = characters_ok && name_character_ok(g->name[i]);
    if (length >= CV_GROUP_NAME_MAX || !characters_ok)
        cv_origin_report(c->diag, c->o, NULL, g->line,
                         "%s: a group name is 1 to %d letters, digits, '_' or '-'", title,
                         CV_GROUP_NAME_MAX - 1);
    else if (g->name[length - 1] >= '0' && g->name[length - 1] <= '9')
        cv_origin_report(c->diag, c->o, NULL, g->line,
                         "%s: a group name must not end with a digit (its lanes are named "
                         "%s0, %s1, ...)",
                         title, g->name, g->name);
}

static void check_group(checker *c, uint32_t index)
{
    const cv_group *g = &c->s->groups[index];
    char title[CV_NAME_MAX + 16];
    cv_group_section_title(g, title, sizeof title);
    if (g->role != CV_ROLE_PRODUCER && g->role != CV_ROLE_CONSUMER) {
        cv_origin_report(c->diag, c->o, NULL, g->line, "group %u has an unknown role", index);
        return;
    }
    check_group_name(c, index);
    if (g->count > CV_MAX_WORKERS_THREADS)
        REPORT_GROUP(c, index, CV_GROUP_COUNT,
                     "count: %u is out of range; expected a whole number from 0 to %d", g->count,
                     CV_MAX_WORKERS_THREADS);
    if (g->step_count > CV_MAX_STEPS) {
        REPORT_GROUP(c, index, CV_GROUP_WORK, "work: more than %d steps", CV_MAX_STEPS);
    } else {
        for (uint32_t i = 0; i < g->step_count; i++) {
            const cv_step *step = &g->steps[i];
            if ((step->kind != CV_STEP_CPU && step->kind != CV_STEP_IO) ||
                !spec_is_valid(&step->duration))
                REPORT_GROUP(c, index, CV_GROUP_WORK, "work: step %u of %s is not valid", i + 1,
                             title);
        }
    }
    if (g->start_delay_ns < 0 || g->start_delay_ns > CV_MAX_DURATION_NS)
        REPORT_GROUP(c, index, CV_GROUP_START_DELAY,
                     "start_delay: out of range; expected a duration from 0 to 3600s");
}

/* At least one worker of the role, pointing at the first group of that role. */
static void check_role_present(checker *c, cv_role role, uint64_t total)
{
    const char *plural = role == CV_ROLE_PRODUCER ? "producers" : "consumers";
    if (total > 0)
        return;
    for (uint32_t i = 0; i < c->s->group_count && i < CV_MAX_GROUPS; i++) {
        if (c->s->groups[i].role == role) {
            REPORT_GROUP(c, i, CV_GROUP_COUNT,
                         "no %s: every [%s] group has count = 0; at least one is needed", plural,
                         plural);
            return;
        }
    }
    cv_origin_report(c->diag, c->o, NULL, 0, "no %s: add a [%s] section with count = 1 or more",
                     plural, plural);
}

/* The group with the most workers: the likeliest place to cut. */
static uint32_t largest_group(const cv_scenario *s, uint32_t groups)
{
    uint32_t best = 0;
    for (uint32_t i = 1; i < groups; i++) {
        if (s->groups[i].count > s->groups[best].count)
            best = i;
    }
    return best;
}

static void check_workers(checker *c)
{
    const cv_scenario *s = c->s;
    uint32_t groups = s->group_count <= CV_MAX_GROUPS ? s->group_count : CV_MAX_GROUPS;
    if (s->group_count > CV_MAX_GROUPS)
        cv_origin_report(c->diag, c->o, NULL, 0, "more than %d groups", CV_MAX_GROUPS);
    uint64_t producers = 0, consumers = 0;
    for (uint32_t i = 0; i < groups; i++) {
        check_group(c, i);
        if (s->groups[i].role == CV_ROLE_PRODUCER)
            producers += s->groups[i].count;
        else
            consumers += s->groups[i].count;
    }
    check_role_present(c, CV_ROLE_PRODUCER, producers);
    check_role_present(c, CV_ROLE_CONSUMER, consumers);
    uint64_t limit =
        s->backend == CV_BACKEND_PROCESSES ? CV_MAX_WORKERS_PROCESSES : CV_MAX_WORKERS_THREADS;
    if (producers + consumers <= limit || groups == 0)
        return;
    const char *message = "%llu workers are too many for backend = %s: at most %llu (%d with "
                          "threads, %d with processes)";
    unsigned long long total = producers + consumers;
    if (c->o->run[CV_RUN_BACKEND].set)
        REPORT_RUN(c, CV_RUN_BACKEND, message, total, cv_backend_name(s->backend),
                   (unsigned long long)limit, CV_MAX_WORKERS_THREADS, CV_MAX_WORKERS_PROCESSES);
    else
        REPORT_GROUP(c, largest_group(s, groups), CV_GROUP_COUNT, message, total,
                     cv_backend_name(s->backend), (unsigned long long)limit, CV_MAX_WORKERS_THREADS,
                     CV_MAX_WORKERS_PROCESSES);
}

static void check_expect(checker *c)
{
    const cv_expect *e = &c->s->expect;
    if (e->outcome != CV_OUTCOME_COMPLETED && e->outcome != CV_OUTCOME_DEADLOCK &&
        e->outcome != CV_OUTCOME_LEDGER_VIOLATION)
        REPORT_EXPECT(c, CV_EXPECT_OUTCOME,
                      "outcome: '%s' cannot be expected; use completed, deadlock or "
                      "ledger-violation",
                      cv_outcome_name(e->outcome));
    if (e->min_items > c->s->items)
        REPORT_EXPECT(c, CV_EXPECT_MIN_ITEMS,
                      "min_items: %llu is more than the %llu items the run makes (items); "
                      "when making a run shorter, lower it too (--set expect.min_items=%llu)",
                      (unsigned long long)e->min_items, (unsigned long long)c->s->items,
                      (unsigned long long)c->s->items);
    if (e->max_elapsed_ns < 0 || e->max_elapsed_ns > CV_MAX_DURATION_NS)
        REPORT_EXPECT(c, CV_EXPECT_MAX_ELAPSED,
                      "max_elapsed: out of range; expected a duration from 1ns to 3600s");
}

void cv_scenario_check(const cv_scenario *scenario, const cv_scenario_origins *origins,
                       cv_diagnostics *diag)
{
    cv_scenario_origins unknown;
    if (!origins) {
        memset(&unknown, 0, sizeof unknown);
        unknown.file = scenario->path[0] != '\0' ? scenario->path : "scenario";
        if (!has_terminator(scenario->path, sizeof scenario->path))
            unknown.file = "scenario";
        origins = &unknown;
    }
    checker c = {scenario, origins, diag};
    check_run(&c);
    check_workers(&c);
    check_expect(&c);
}

cv_status cv_scenario_validate(const cv_scenario *scenario, cv_diagnostics *diag)
{
    cv_diagnostics local;
    if (!diag)
        diag = &local;
    cv_diagnostics_clear(diag);
    cv_scenario_check(scenario, NULL, diag);
    return diag->count > 0 ? CV_ERR_SCENARIO : CV_OK;
}
