/*
 * scenario.c — the scenario as data: defaults and simple queries. Reading
 * and validating scenario files lives in scenario_load.c.
 */
#include "conveyor/scenario.h"

#include <sched.h>

#include <string.h>

void cv_scenario_defaults(cv_scenario *scenario)
{
    memset(scenario, 0, sizeof *scenario);
    strcpy(scenario->name, "unnamed");
    scenario->backend = CV_BACKEND_THREADS;
    scenario->buffer_slots = 4;
    scenario->items = 200;
    scenario->duration_ns = 0;
    scenario->seed = 1;
    scenario->gil = false;
    scenario->switch_interval_ns = 5000000;
    scenario->sync = CV_SYNC_SEMAPHORES;
    scenario->deadlock_timeout_ns = 1000000000;
    scenario->expect.outcome = CV_OUTCOME_COMPLETED;
}

int cv_scenario_find_group(const cv_scenario *scenario, cv_role role)
{
    for (uint32_t i = 0; i < scenario->group_count; i++) {
        if (scenario->groups[i].role == role && scenario->groups[i].name[0] == '\0')
            return (int)i;
    }
    return -1;
}

uint32_t cv_cores_available(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return 1;
    int count = CPU_COUNT(&set);
    return count > 0 ? (uint32_t)count : 1;
}
