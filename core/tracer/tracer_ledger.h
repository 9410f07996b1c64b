/*
 * tracer_ledger.h — the item ledger of a traced program, worked out from
 * its put and get events at close: every item put must be got exactly once.
 */
#ifndef CONVEYOR_TRACER_LEDGER_H
#define CONVEYOR_TRACER_LEDGER_H

#include "conveyor/run_result.h"
#include "conveyor/status.h"
#include "conveyor/trace.h"

/* Fill result's items_produced, items_consumed, ledger_ok, lost and
 * duplicated counts and ids (lost: put, never got; duplicated: got more
 * than once, or got and never put). CV_ERR_NOMEM, err filled. */
cv_status cv_tracer_ledger_check(const cv_trace *trace, cv_run_result *result, cv_error *err);

#endif
