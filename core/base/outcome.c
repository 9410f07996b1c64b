/*
 * outcome.c — the names of run outcomes, as they appear in reports, traces
 * and [expect] sections.
 */
#include "conveyor/outcome.h"

#include <string.h>

static const char *const outcome_names[] = {
    [CV_OUTCOME_RUNNING] = "running",         [CV_OUTCOME_COMPLETED] = "completed",
    [CV_OUTCOME_DEADLOCK] = "deadlock",       [CV_OUTCOME_LEDGER_VIOLATION] = "ledger-violation",
    [CV_OUTCOME_WORKER_DIED] = "worker-died", [CV_OUTCOME_STOPPED] = "stopped",
    [CV_OUTCOME_FAILED] = "failed",
};

const char *cv_outcome_name(cv_outcome outcome)
{
    if ((unsigned)outcome >= sizeof outcome_names / sizeof outcome_names[0])
        return "unknown";
    return outcome_names[outcome];
}

bool cv_outcome_from_name(const char *name, cv_outcome *out)
{
    for (size_t i = 0; i < sizeof outcome_names / sizeof outcome_names[0]; i++) {
        if (strcmp(name, outcome_names[i]) == 0) {
            *out = (cv_outcome)i;
            return true;
        }
    }
    return false;
}
