/*
 * simple_scenario.h — scenarios built in code for engine tests, without
 * going through a file: P producers, C consumers, a buffer, an item count.
 */
#ifndef CONVEYOR_TEST_SIMPLE_SCENARIO_H
#define CONVEYOR_TEST_SIMPLE_SCENARIO_H

#include "conveyor/engine.h"
#include "conveyor/scenario.h"

cv_scenario cv_test_scenario(cv_backend backend, uint32_t producers, uint32_t consumers,
                             uint32_t buffer_slots, uint64_t items);

/* Give a group one work step (cpu or io) of a fixed duration. */
void cv_test_add_step(cv_scenario *scenario, cv_role role, cv_step_kind kind, int64_t ns);

/* Run to the end; returns the engine (caller destroys) or NULL on start failure. */
cv_engine *cv_test_run(const cv_scenario *scenario);

/* Does lane contain a state event of this state? */
bool cv_test_lane_has_state(const cv_trace *trace, uint32_t lane, cv_state state);

#endif
