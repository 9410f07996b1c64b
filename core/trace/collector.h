/*
 * collector.h — moving one worker's ring into its lane of the trace (the
 * engine's collector does this for every ring on every poll).
 */
#ifndef CONVEYOR_COLLECTOR_H
#define CONVEYOR_COLLECTOR_H

#include <stdbool.h>
#include <stdint.h>

#include "conveyor/trace.h"
#include "ring.h"

/* Move every event the ring holds into lane `lane`; false if out of memory. */
bool cv_collect_ring(cv_ring *ring, cv_trace *trace, uint32_t lane);

#endif
