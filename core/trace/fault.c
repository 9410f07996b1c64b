/*
 * fault.c — see fault.h. Counting is per process and per kind; the drills
 * run one conveyor command per injected fault, so that is all they need.
 */
#include "fault.h"

#ifdef CONVEYOR_TEST_HOOKS
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static const char *const fault_kinds[] = {"shm_open", "shm_tmpfile", "shm_name",       "mmap",
                                          "fork",     "thread",      "ledger_reserve", "trace"};
#define FAULT_KIND_COUNT (sizeof fault_kinds / sizeof fault_kinds[0])
static _Atomic long fault_calls[FAULT_KIND_COUNT];

/* The n-th call CONVEYOR_FAIL asks to fail for this kind; 0 when it names none. */
static long nth_call_asked(const char *spec, const char *what)
{
    size_t length = strlen(what);
    for (const char *item = spec;; item++) {
        if (strncmp(item, what, length) == 0) {
            char after = item[length];
            if (after == '\0' || after == ',')
                return 1;
            if (after == ':')
                return strtol(item + length + 1, NULL, 10);
        }
        item = strchr(item, ',');
        if (!item)
            return 0;
    }
}

bool cv_fault_injected(const char *what)
{
    const char *spec = getenv("CONVEYOR_FAIL");
    long nth = spec ? nth_call_asked(spec, what) : 0;
    if (nth <= 0)
        return false;
    for (size_t i = 0; i < FAULT_KIND_COUNT; i++) {
        if (strcmp(fault_kinds[i], what) == 0)
            return atomic_fetch_add(&fault_calls[i], 1) + 1 == nth;
    }
    return false;
}

uint32_t cv_fault_ring_events(void)
{
    const char *text = getenv("CONVEYOR_TEST_RING_EVENTS");
    long events = text ? strtol(text, NULL, 10) : 0;
    return events >= 2 && events <= (1L << 20) && (events & (events - 1)) == 0 ? (uint32_t)events
                                                                               : 0;
}

void cv_fault_reset(void)
{
    for (size_t i = 0; i < FAULT_KIND_COUNT; i++)
        atomic_store(&fault_calls[i], 0);
}
#endif
