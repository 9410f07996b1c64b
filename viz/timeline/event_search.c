/*
 * event_search.c — binary search by time in a lane, and stepping back to the
 * state or transfer in force. Stepping back is short in practice: a worker
 * changes state around every put or get it makes.
 */
#include "timeline/event_search.h"

size_t cv_events_lower_bound(const cv_event *events, size_t count, int64_t t)
{
    size_t lo = 0;
    size_t hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (events[mid].time_ns < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t cv_events_state_before(const cv_event *events, size_t before)
{
    while (before > 0) {
        before--;
        if (cv_event_is_state(&events[before]))
            return before;
    }
    return SIZE_MAX;
}

size_t cv_events_transfer_before(const cv_event *events, size_t before)
{
    while (before > 0) {
        before--;
        if (cv_event_is_handover(&events[before]))
            return before;
    }
    return SIZE_MAX;
}
