/*
 * trace_digest.c — see trace_digest.h. Events are hashed with 64-bit FNV-1a
 * over their fields in a fixed byte order, so a digest is the same on every
 * machine.
 */
#include "support/trace_digest.h"

#include <inttypes.h>

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

static uint64_t hash_u64(uint64_t hash, uint64_t value)
{
    for (int byte = 0; byte < 8; byte++) {
        hash ^= (value >> (8 * byte)) & 0xffu;
        hash *= FNV_PRIME;
    }
    return hash;
}

static uint64_t hash_lane(const cv_lane_events *lane)
{
    uint64_t hash = FNV_OFFSET;
    for (size_t i = 0; i < lane->count; i++) {
        const cv_event *e = &lane->events[i];
        hash = hash_u64(hash, (uint64_t)e->time_ns);
        hash = hash_u64(hash, e->item);
        hash = hash_u64(hash, e->kind_fill);
    }
    return hash;
}

/* Non-printable bytes as \xNN, so the digest stays one line per field. */
static void print_text(FILE *out, const char *label, const char *text)
{
    fprintf(out, "%s: ", label);
    for (const unsigned char *s = (const unsigned char *)text; *s; s++) {
        if (*s < 0x20 || *s == '\\')
            fprintf(out, "\\x%02x", *s);
        else
            fputc(*s, out);
    }
    fputc('\n', out);
}

void cv_trace_digest(const cv_trace *trace, FILE *out)
{
    print_text(out, "scenario", trace->scenario);
    print_text(out, "description", trace->description);
    fprintf(out,
            "backend: %d\nbuffer_slots: %" PRIu32 "\nparent_pid: %" PRId64 "\nlane_count: %" PRIu32
            "\nevent_count: %" PRIu64 "\ndropped_events: %" PRIu64 "\nend_ns: %" PRId64
            "\nfinished: %d\noutcome: %d\n",
            (int)trace->backend, trace->buffer_slots, trace->parent_pid, trace->lane_count,
            trace->event_count, trace->dropped_events, trace->end_ns, (int)trace->finished,
            (int)trace->outcome);
    for (uint32_t lane = 0; lane < trace->lane_count; lane++) {
        const cv_lane_info *info = &trace->lanes[lane];
        fprintf(out, "lane %" PRIu32 ": ", lane);
        print_text(out, "name", info->name);
        fprintf(out,
                "  role %d group %" PRIu32 " os_id %" PRId64 " events %zu hash %016" PRIx64 "\n",
                (int)info->role, info->group, info->os_id, trace->events[lane].count,
                hash_lane(&trace->events[lane]));
    }
}
