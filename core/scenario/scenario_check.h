/*
 * scenario_check.h — private: the keys of each section, where each value of
 * a loaded scenario came from, and the checks shared by the loader and
 * cv_scenario_validate(). Knowing a value's origin (a file line or a --set
 * argument) lets a rule that spans several keys point at the right one.
 */
#ifndef CONVEYOR_SCENARIO_CHECK_H
#define CONVEYOR_SCENARIO_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "conveyor/scenario.h"
#include "conveyor/status.h"

/* Ranges that are not in the public header. */
#define CV_MIN_SWITCH_INTERVAL_NS 1000ll       /* 1us */
#define CV_MAX_SWITCH_INTERVAL_NS 1000000000ll /* 1s */
#define CV_MIN_DEADLOCK_TIMEOUT_NS 1000000ll   /* 1ms */
#define CV_DEFAULT_ITEMS 200u
#define CV_GROUP_NAME_MAX 32 /* with the terminating NUL */

typedef enum cv_run_key {
    CV_RUN_NAME,
    CV_RUN_DESCRIPTION,
    CV_RUN_BACKEND,
    CV_RUN_BUFFER,
    CV_RUN_ITEMS,
    CV_RUN_DURATION,
    CV_RUN_SEED,
    CV_RUN_GIL,
    CV_RUN_SWITCH_INTERVAL,
    CV_RUN_SYNC,
    CV_RUN_DEADLOCK_TIMEOUT,
    CV_RUN_CORES,
    CV_RUN_KEY_COUNT
} cv_run_key;

typedef enum cv_group_key {
    CV_GROUP_COUNT,
    CV_GROUP_WORK,
    CV_GROUP_START_DELAY,
    CV_GROUP_KEY_COUNT
} cv_group_key;

typedef enum cv_expect_key {
    CV_EXPECT_OUTCOME,
    CV_EXPECT_MIN_ITEMS,
    CV_EXPECT_MAX_ELAPSED,
    CV_EXPECT_KEY_COUNT
} cv_expect_key;

extern const char *const cv_run_key_names[CV_RUN_KEY_COUNT];
extern const char *const cv_group_key_names[CV_GROUP_KEY_COUNT];
extern const char *const cv_expect_key_names[CV_EXPECT_KEY_COUNT];

/* Where a value came from. */
typedef struct cv_origin {
    bool set;
    int line;     /* line in the file; 0 for a --set argument */
    int override; /* 1 + index of the --set argument, 0 for the file */
} cv_origin;

typedef struct cv_scenario_origins {
    const char *file; /* the name messages use for the file */
    const char *const *overrides;
    cv_origin run[CV_RUN_KEY_COUNT];
    cv_origin expect[CV_EXPECT_KEY_COUNT];
    cv_origin groups[CV_MAX_GROUPS][CV_GROUP_KEY_COUNT];
} cv_scenario_origins;

/*
 * Add a diagnostic at an origin: "--set ARG" (line 0) for an override, else
 * the file at the origin's line, or at fallback_line if the value was never set.
 */
void cv_origin_report(cv_diagnostics *diag, const cv_scenario_origins *origins, const cv_origin *at,
                      int fallback_line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/*
 * Every rule: ranges, group names, at least one producer and one consumer,
 * the worker limit of the backend, [expect] against the run. origins may be
 * NULL for a scenario built in code; messages then use scenario->path.
 */
/* "[producers]", "[consumers slow]": how a group's section is written in a file. */
void cv_group_section_title(const cv_group *group, char *out, size_t out_size);

void cv_scenario_check(const cv_scenario *scenario, const cv_scenario_origins *origins,
                       cv_diagnostics *diag);

#endif
