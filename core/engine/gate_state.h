/*
 * gate_state.h — step mode's shared fields: each worker's gate (in its slot,
 * worker.h) and the run's step state (in the control block, region.h). The
 * gate (gate.c) owns them; the step controller (step.c) reads them.
 *
 * A gate is a futex word that the worker sleeps on before each
 * synchronisation operation, with the operation it waits to do published
 * beside it. The parent bumps the word to let the worker take one step, to
 * make it give up the GIL, to let everyone run freely, or to stop.
 */
#ifndef CONVEYOR_GATE_STATE_H
#define CONVEYOR_GATE_STATE_H

#include <stdatomic.h>
#include <stdint.h>

#include "conveyor/types.h"

/* What the parent's last bump of a gate asks of its worker. */
typedef enum cv_gate_command {
    CV_GATE_STEP = 0,  /* do the operation, run on to the next gate */
    CV_GATE_YIELD_GIL, /* give up the GIL (the operation would block) and wait again */
    CV_GATE_SHOW,      /* draw the state `shown` (what holds it back changed) and wait again */
} cv_gate_command;

/* Step mode's condition waits are the gate's (see step.c): which condition
 * a worker sleeps on. */
typedef enum cv_gate_cond {
    CV_GATE_COND_NONE = 0,
    CV_GATE_COND_NOT_FULL,
    CV_GATE_COND_NOT_EMPTY,
} cv_gate_cond;

typedef struct cv_gate {
    _Atomic uint32_t word;        /* futex: bumped by every grant, yield, release and stop */
    _Atomic uint32_t command;     /* cv_gate_command */
    _Atomic uint32_t op;          /* cv_step_op it waits to do; CV_STEP_NONE while it runs */
    _Atomic uint32_t holds_gil;   /* published at each arrival */
    _Atomic uint32_t shown;       /* cv_state to draw, with CV_GATE_SHOW */
    _Atomic uint32_t sleeping_on; /* cv_gate_cond, in step mode's condition waits */
    _Atomic uint32_t woken;       /* a signal chose it; it may take the mutex again */
    _Atomic uint64_t sleep_order; /* who fell asleep first: a signal wakes the oldest */
} cv_gate;

typedef struct cv_step_state {
    /* 1 while workers stop at their gates. Read before every synchronisation
     * operation, written only when step mode starts and ends: a line of its
     * own, so reading it costs a cached load. */
    _Alignas(64) _Atomic uint32_t gated;
    /* futex: bumped whenever a worker reaches a gate or ends, so the parent
     * can sleep until a step is over. */
    _Alignas(64) _Atomic uint32_t arrivals;
    _Atomic uint64_t next_sleep_order;
} cv_step_state;

#endif
