/*
 * stepper.h — step mode's controller, in the parent: who is at which gate,
 * who can advance and why not, and why nobody can. The engine drives it
 * (cv_engine_step_look and friends, engine.h); the gates are gate.c's.
 */
#ifndef CONVEYOR_STEPPER_H
#define CONVEYOR_STEPPER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conveyor/scenario.h"
#include "conveyor/step.h"
#include "conveyor/trace.h"
#include "region.h"

/* Look at the first `started` workers (all of the run's must have been
 * started, else CV_STEP_MOVING). Every one at a gate or ended: choices
 * filled, CV_STEP_WAITING. A worker that holds the GIL and cannot advance is
 * told to give it up (as a blocking wait would) and the answer is
 * CV_STEP_MOVING until it is back at its gate. CV_STEP_OFF once step mode
 * ended. Lanes name the workers in the reasons. */
cv_step_phase cv_stepper_look(cv_control *control, const cv_scenario *scenario, uint32_t started,
                              const cv_lane_info *lanes, cv_step_choice *choices);

/* After CV_STEP_WAITING: true if some worker has not ended and none can
 * advance. */
bool cv_stepper_stuck(const cv_control *control, const cv_step_choice *choices);

/* Why nobody can advance, into text: "no worker can advance: P0 at `wait
 * empty` (empty = 0); C0 at `lock` (held by P0)". The lock holder, or
 * CV_NO_WORKER, in *lock_holder. */
void cv_stepper_explain_stuck(cv_control *control, const cv_lane_info *lanes,
                              const cv_step_choice *choices, char *text, size_t size,
                              int32_t *lock_holder);

#endif
