/*
 * outcome.h — how a run ended. Shared by the engine's result, the scenario's
 * [expect] section and the exports, so the names are defined once.
 */
#ifndef CONVEYOR_OUTCOME_H
#define CONVEYOR_OUTCOME_H

#include <stdbool.h>

typedef enum cv_outcome {
    CV_OUTCOME_RUNNING = 0,      /* not finished yet */
    CV_OUTCOME_COMPLETED,        /* every item produced and consumed */
    CV_OUTCOME_DEADLOCK,         /* the watchdog saw everyone blocked */
    CV_OUTCOME_LEDGER_VIOLATION, /* an item was lost or duplicated */
    CV_OUTCOME_WORKER_DIED,      /* a worker process ended abnormally */
    CV_OUTCOME_STOPPED,          /* stopped on request (Ctrl-C, Esc, R) */
    CV_OUTCOME_FAILED            /* the OS refused something mid-run */
} cv_outcome;

/* "completed", "deadlock", "ledger-violation", "worker-died", "stopped", ... */
const char *cv_outcome_name(cv_outcome outcome);
/* Parse a name as printed by cv_outcome_name; false if unknown. */
bool cv_outcome_from_name(const char *name, cv_outcome *out);

#endif
