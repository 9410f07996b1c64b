/*
 * fault.c — see fault.h. Counting is per process and per kind; the drills
 * run one conveyor command per injected fault, so that is all they need.
 */
#include "fault.h"

#ifdef CONVEYOR_TEST_HOOKS
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static const char *const fault_kinds[] = {"shm_open", "shm_name", "mmap",          "fork",
                                          "thread",   "trace",    "ledger_reserve"};
#define FAULT_KIND_COUNT (sizeof fault_kinds / sizeof fault_kinds[0])
static _Atomic long fault_calls[FAULT_KIND_COUNT];

bool cv_fault_injected(const char *what)
{
    const char *spec = getenv("CONVEYOR_FAIL");
    if (!spec)
        return false;
    size_t length = strlen(what);
    if (strncmp(spec, what, length) != 0 || (spec[length] != '\0' && spec[length] != ':'))
        return false;
    long nth = spec[length] == ':' ? strtol(spec + length + 1, NULL, 10) : 1;
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
