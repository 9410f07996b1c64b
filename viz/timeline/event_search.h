/*
 * event_search.h — finding times in one lane's time-ordered event array.
 *
 * Every query starts by locating a time in a lane: the first event at or after
 * it, and the state that was in force there (the lane's last state event
 * before it). Lanes interleave instants (put/get) with state changes, so the
 * state is found by stepping back from the located index.
 */
#ifndef CONVEYOR_VIZ_EVENT_SEARCH_H
#define CONVEYOR_VIZ_EVENT_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "conveyor/trace.h"

/* Index of the first of events[0..count) with time_ns >= t (count if none). */
size_t cv_events_lower_bound(const cv_event *events, size_t count, int64_t t);

/* Index of the last state event before index `before`, or SIZE_MAX if none. */
size_t cv_events_state_before(const cv_event *events, size_t before);

/* Index of the last put/get event before index `before`, or SIZE_MAX if none. */
size_t cv_events_transfer_before(const cv_event *events, size_t before);

#endif
