/*
 * simple_scenario.c — see simple_scenario.h.
 */
#include "simple_scenario.h"

#include <stdio.h>

cv_scenario cv_test_scenario(cv_backend backend, uint32_t producers, uint32_t consumers,
                             uint32_t buffer_slots, uint64_t items)
{
    cv_scenario scenario;
    cv_scenario_defaults(&scenario);
    snprintf(scenario.name, sizeof scenario.name, "test");
    scenario.backend = backend;
    scenario.buffer_slots = buffer_slots;
    scenario.items = items;
    scenario.group_count = 2;
    scenario.groups[0].role = CV_ROLE_PRODUCER;
    scenario.groups[0].count = producers;
    scenario.groups[1].role = CV_ROLE_CONSUMER;
    scenario.groups[1].count = consumers;
    return scenario;
}

void cv_test_add_step(cv_scenario *scenario, cv_role role, cv_step_kind kind, int64_t ns)
{
    cv_group *group = &scenario->groups[role == CV_ROLE_PRODUCER ? 0 : 1];
    cv_step *step = &group->steps[group->step_count++];
    step->kind = kind;
    step->duration.kind = CV_DIST_FIXED;
    step->duration.a_ns = ns;
}

cv_engine *cv_test_run(const cv_scenario *scenario)
{
    cv_engine *engine = NULL;
    cv_error err;
    if (cv_engine_start(scenario, NULL, &engine, &err) != CV_OK) {
        fprintf(stderr, "engine start failed: %s\n", err.message);
        return NULL;
    }
    cv_engine_run_to_end(engine);
    return engine;
}

bool cv_test_lane_has_state(const cv_trace *trace, uint32_t lane, cv_state state)
{
    const cv_lane_events *events = &trace->events[lane];
    for (size_t i = 0; i < events->count; i++) {
        if (cv_event_kind(&events->events[i]) == (uint32_t)state)
            return true;
    }
    return false;
}
