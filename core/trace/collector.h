/*
 * collector.h — moving the workers' rings into the lanes of a trace, in the
 * process that collects, while the run goes on; and, before it starts,
 * mapping the memory the lanes are expected to fill.
 */
#ifndef CONVEYOR_COLLECTOR_H
#define CONVEYOR_COLLECTOR_H

#include <stdbool.h>
#include <stdint.h>

#include "conveyor/status.h"
#include "conveyor/trace.h"
#include "ring.h"

/* Move every event the ring holds into lane `lane`; false if out of memory. */
bool cv_collect_ring(cv_ring *ring, cv_trace *trace, uint32_t lane);

/* Drain ring i into lane i for every ring, and set the trace's dropped count
 * to the rings' total. CV_ERR_NOMEM (err filled) if a lane cannot grow. */
cv_status cv_collect_rings(const cv_ring_array *rings, cv_trace *trace, cv_error *err);

/* Map, now, the memory each lane is expected to fill: expected(ctx, lane)
 * events, all scaled down to fit budget_bytes. Best effort: what cannot be
 * mapped now is mapped as the events come. */
void cv_collector_map_ahead(cv_trace *trace, uint64_t (*expected)(void *ctx, uint32_t lane),
                            void *ctx, uint64_t budget_bytes);

#endif
