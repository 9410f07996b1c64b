/*
 * buffer_slots.h — what the bounded buffer held at a moment, for the slot boxes.
 *
 * The trace records each put and get with the fill level after it, so the
 * fill at a moment is the fill of the last put/get at or before it. With a
 * correctly synchronised FIFO buffer the items inside are the last `fill`
 * items put; those are found by walking the producer lanes backwards from the
 * moment, which costs the number of items shown, not the length of the trace.
 */
#ifndef CONVEYOR_VIZ_TIMELINE_BUFFER_SLOTS_H
#define CONVEYOR_VIZ_TIMELINE_BUFFER_SLOTS_H

#include <stdint.h>

#include "conveyor/trace.h"

/*
 * The fill level at t_ns; up to max_items item ids of what the buffer held
 * then, oldest first, into items (*item_count of them).
 */
uint32_t cv_buffer_slots_at(const cv_trace *trace, int64_t t_ns, uint32_t *items,
                            uint32_t max_items, uint32_t *item_count);

#endif
