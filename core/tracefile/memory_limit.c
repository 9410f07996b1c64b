/*
 * memory_limit.c — how much event memory a trace reader may keep.
 *
 * Readers keep the events (16 bytes each) and little else, so the limit is
 * on events: a file declaring more is refused before anything is read, with
 * a message naming the limit, rather than ending in the out-of-memory killer.
 */
#include "conveyor/tracefile.h"

#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#define FALLBACK_BYTES (1ull << 30)

static uint64_t lower(uint64_t a, rlim_t b)
{
    return b != RLIM_INFINITY && (uint64_t)b < a ? (uint64_t)b : a;
}

uint64_t cv_trace_memory_limit_bytes(void)
{
    const char *override = getenv("CONVEYOR_TRACE_MEMORY_MB");
    if (override && *override) {
        char *end = NULL;
        unsigned long long mb = strtoull(override, &end, 10);
        if (*end == '\0' && mb > 0 && mb < (1ull << 40))
            return mb << 20;
    }
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
