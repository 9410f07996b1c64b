/*
 * scenario.h — what to run: the parsed, validated form of a scenario file.
 *
 * A cv_scenario is plain data with no pointers, so it can be copied, edited by
 * the window (T switches the backend, + adds a consumer) and handed to the
 * engine. cv_scenario_defaults() fills every field with its documented
 * default; the loader then applies the file and any --set overrides, and
 * validates everything, collecting all problems as file:line diagnostics.
 * docs/scenarios.md is the reference for every key.
 */
#ifndef CONVEYOR_SCENARIO_H
#define CONVEYOR_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "conveyor/outcome.h"
#include "conveyor/status.h"
#include "conveyor/types.h"

#define CV_PATH_MAX 1024
#define CV_MAX_GROUPS 32
#define CV_MAX_STEPS 16
#define CV_MAX_WORKERS_THREADS 1024
#define CV_MAX_WORKERS_PROCESSES 256
#define CV_MAX_BUFFER_SLOTS 1000000u
#define CV_MAX_ITEMS 1000000000ull
#define CV_MAX_DURATION_NS (3600ll * 1000000000ll)
#define CV_MAX_CORES 1024 /* CPU_SETSIZE */
#define CV_MAX_SCENARIO_BYTES (1024 * 1024)

/* A duration, fixed or drawn from a distribution per step. */
typedef enum cv_distribution {
    CV_DIST_FIXED = 0, /* a_ns */
    CV_DIST_UNIFORM,   /* uniform(a_ns, b_ns) */
    CV_DIST_EXP,       /* exponential with mean a_ns */
    CV_DIST_NORMAL     /* normal(mean a_ns, stddev b_ns), clamped at 0 */
} cv_distribution;

typedef struct cv_duration_spec {
    cv_distribution kind;
    int64_t a_ns;
    int64_t b_ns;
} cv_duration_spec;

typedef enum cv_step_kind {
    CV_STEP_CPU = 0, /* an amount of computation, calibrated per run */
    CV_STEP_IO = 1   /* a real sleep */
} cv_step_kind;

typedef struct cv_step {
    cv_step_kind kind;
    cv_duration_spec duration;
} cv_step;

/* One [producers] / [consumers] section, or a named one like [consumers slow]. */
typedef struct cv_group {
    cv_role role;
    char name[CV_NAME_MAX]; /* "" for the unnamed group: lanes P0.. / C0.. */
    uint32_t count;
    uint32_t step_count; /* 0 means work = none */
    cv_step steps[CV_MAX_STEPS];
    int64_t start_delay_ns;
    int line; /* where the section starts in the file, for messages */
} cv_group;

/*
 * [expect]: what a lesson claims; checked after the run. A --set that makes
 * the run shorter scales min_items with it; one that changes what a claim is
 * about (run.sync for the outcome; run.sync, run.gil, run.backend or
 * run.cores for the time) leaves that claim unchecked, naming the key.
 */
typedef struct cv_expect {
    bool set;                        /* the file has an [expect] section */
    cv_outcome outcome;              /* CV_OUTCOME_COMPLETED by default */
    uint64_t min_items;              /* 0 = not checked; items consumed */
    int64_t max_elapsed_ns;          /* 0 = not checked */
    uint64_t min_items_in_file;      /* before --set run.items scaled it; 0 = not scaled */
    char outcome_changed_by[16];     /* "run.sync" when a --set changed it; "" = checked */
    char max_elapsed_changed_by[16]; /* the --set key that changed it; "" = checked */
} cv_expect;

typedef struct cv_scenario {
    char path[CV_PATH_MAX]; /* the file it came from, "" if built in code */
    char name[CV_NAME_MAX];
    char description[CV_DESCRIPTION_MAX];
    cv_backend backend;
    uint32_t buffer_slots;
    uint64_t items;      /* total items to produce */
    int64_t duration_ns; /* 0 = no cap; producers stop making items after it */
    uint64_t seed;
    bool gil;
    int64_t switch_interval_ns;
    cv_sync sync;
    int64_t deadlock_timeout_ns;
    uint32_t cores; /* CPUs the workers are confined to; 0 = every CPU conveyor may use */
    uint32_t group_count;
    cv_group groups[CV_MAX_GROUPS];
    cv_expect expect;
} cv_scenario;

/* Every field at its documented default; no groups. */
void cv_scenario_defaults(cv_scenario *scenario);

/*
 * Read, apply overrides ("section.key=value", as given to --set) and validate.
 * On failure returns CV_ERR_SCENARIO (or CV_ERR_INPUT if the file cannot be
 * read) with every problem in diag; *out is then unspecified.
 */
cv_status cv_scenario_load_file(const char *path, const char *const *overrides,
                                size_t override_count, cv_scenario *out, cv_diagnostics *diag);

/* The same from text in memory; display_name is used in messages. */
cv_status cv_scenario_load_string(const char *text, size_t length, const char *display_name,
                                  const char *const *overrides, size_t override_count,
                                  cv_scenario *out, cv_diagnostics *diag);

/* Check a scenario built or edited in code (the window's + / T keys). */
cv_status cv_scenario_validate(const cv_scenario *scenario, cv_diagnostics *diag);

/* CPUs this process may run on (sched_getaffinity), at least 1: the most
 * a scenario's `cores` may ask for. */
uint32_t cv_cores_available(void);

/* Producers plus consumers over all groups. Inline, so that the engine can
 * size a run from the scenario as data without linking the language. */
static inline uint32_t cv_scenario_worker_count(const cv_scenario *scenario)
{
    uint32_t total = 0;
    for (uint32_t i = 0; i < scenario->group_count; i++)
        total += scenario->groups[i].count;
    return total;
}

/* The lanes' names, in lane order (the producers' groups, then the
 * consumers'): "NAMEk" in a named group, else "P0", "P1", … and "C0", …
 * counted across the unnamed groups of a role. names: one per worker
 * (cv_scenario_worker_count). Inline like it: the engine names its lanes
 * with it, and a schedule's lane names are checked with it before a run. */
static inline void cv_scenario_lane_names(const cv_scenario *scenario,
                                          char (*names)[CV_LANE_NAME_MAX])
{
    uint32_t lane = 0;
    for (int role = CV_ROLE_PRODUCER; role <= CV_ROLE_CONSUMER; role++) {
        uint32_t unnamed = 0;
        for (uint32_t g = 0; g < scenario->group_count; g++) {
            const cv_group *group = &scenario->groups[g];
            if ((int)group->role != role)
                continue;
            for (uint32_t k = 0; k < group->count; k++, lane++) {
                if (group->name[0])
                    snprintf(names[lane], CV_LANE_NAME_MAX, "%.50s%u", group->name, k);
                else
                    snprintf(names[lane], CV_LANE_NAME_MAX, "%c%u",
                             role == CV_ROLE_PRODUCER ? 'P' : 'C', unnamed++);
            }
        }
    }
}

/* Index of the first group with this role and no name, or -1. */
int cv_scenario_find_group(const cv_scenario *scenario, cv_role role);

/* Parse "250us", "2ms", "1.5s", "10ns": false on junk, unknown unit or overflow. */
bool cv_parse_duration(const char *text, int64_t *out_ns);

#endif
