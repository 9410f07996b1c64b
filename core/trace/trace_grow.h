/*
 * trace_grow.h — private to the trace library: growing a lane in place.
 *
 * The collector drains a ring straight into the end of its lane (one copy per
 * event) and, before a run, maps the memory it expects each lane to fill; the
 * native trace file reader (core/tracefile, the layer above) decodes a chunk
 * straight into the end of its lane the same way. These calls are how they
 * do so; they are not part of the public trace API, whose only way in is
 * cv_trace_append. Declared on the structs' tags so this header includes
 * nothing (trace.c implements it).
 */
#ifndef CONVEYOR_TRACE_GROW_H
#define CONVEYOR_TRACE_GROW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cv_trace;
struct cv_event;

/* Map room for `count` more events at the end of a lane now, so that writing
 * them later costs no page faults; false if out of memory. */
bool cv_trace_prepare(struct cv_trace *trace, uint32_t lane, size_t count);

/* Room for `count` more events at the end of a lane, to be written in place
 * and then taken in with cv_trace_commit; NULL if out of memory. */
struct cv_event *cv_trace_reserve(struct cv_trace *trace, uint32_t lane, size_t count);

/* Take in `count` events written at cv_trace_reserve's pointer; they must
 * not go back in time. */
void cv_trace_commit(struct cv_trace *trace, uint32_t lane, size_t count);

#endif
