/*
 * memory_limit.c — how much event memory a trace reader may keep.
 *
 * Readers keep the events (16 bytes each) and little else, so the limit is
 * on events: a file declaring more is refused before anything is read, with
 * a message naming the limit, rather than ending in the out-of-memory killer.
 */
#include "conveyor/tracefile.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#define FALLBACK_BYTES (1ull << 30)

static uint64_t lower(uint64_t a, rlim_t b)
{
    return b != RLIM_INFINITY && (uint64_t)b < a ? (uint64_t)b : a;
}

/* The limit CONVEYOR_TRACE_MEMORY_MB sets, or 0 when it sets none. */
static uint64_t limit_from_environment(void)
{
    const char *override = getenv("CONVEYOR_TRACE_MEMORY_MB");
    if (!override || !*override)
        return 0;
    char *end = NULL;
    unsigned long long mb = strtoull(override, &end, 10);
    return *end == '\0' && mb > 0 && mb < (1ull << 40) ? mb << 20 : 0;
}

uint64_t cv_trace_memory_limit_bytes(void)
{
    uint64_t chosen = limit_from_environment();
    if (chosen)
        return chosen;
    long pages = sysconf(_SC_PHYS_PAGES), page_bytes = sysconf(_SC_PAGESIZE);
    uint64_t memory =
        pages > 0 && page_bytes > 0 ? (uint64_t)pages * (uint64_t)page_bytes : FALLBACK_BYTES;
    struct rlimit limit;
    if (getrlimit(RLIMIT_AS, &limit) == 0)
        memory = lower(memory, limit.rlim_cur);
    if (getrlimit(RLIMIT_DATA, &limit) == 0)
        memory = lower(memory, limit.rlim_cur);
    uint64_t allowed = memory / 4 * 3;
    return allowed > 0 ? allowed : 1;
}

void cv_trace_memory_limit_describe(char *out, size_t size)
{
    uint64_t chosen = limit_from_environment();
    if (chosen) {
        snprintf(out, size, "the %llu MB limit set by CONVEYOR_TRACE_MEMORY_MB",
                 (unsigned long long)(chosen >> 20));
        return;
    }
    snprintf(out, size,
             "the %.1f GB limit (3/4 of this machine's memory; CONVEYOR_TRACE_MEMORY_MB "
             "changes it)",
             (double)cv_trace_memory_limit_bytes() / 1e9);
}
