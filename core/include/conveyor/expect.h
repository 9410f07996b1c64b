/*
 * expect.h — judging a finished run against its scenario's [expect] section.
 *
 * A lesson claims what it shows ("this deadlocks", "all 120 items arrive");
 * after a run the command line asks whether the claim held, and exits 1 with
 * the reason if it did not. This is how a course author learns that a lesson
 * no longer teaches what it says.
 */
#ifndef CONVEYOR_EXPECT_H
#define CONVEYOR_EXPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conveyor/outcome.h"
#include "conveyor/scenario.h"

/*
 * True when the run met every expectation (always, without [expect]). When
 * not, false and a sentence naming each unmet one in why (if not NULL), e.g.
 * "expected outcome deadlock, but the run ended with completed".
 */
bool cv_expect_check(const cv_scenario *scenario, cv_outcome outcome, uint64_t items_consumed,
                     double elapsed_s, char *why, size_t why_size);

/*
 * What the overrides (--set, a schedule's set lines) did to [expect], as one
 * line for the user, e.g. "expect.min_items scaled from 120 to 20 for the 20
 * items of this run; expect.outcome = deadlock not checked: run.sync was
 * overridden". Writes "" and
 * returns false when they changed nothing (or there is no [expect]); the
 * text is cut to fit out_size.
 */
bool cv_expect_describe_overrides(const cv_scenario *scenario, char *out, size_t out_size);

#endif
