/*
 * tracer_ledger.c — the ledger check of a traced program (see
 * tracer_ledger.h). The engine keeps a byte per item id in shared memory as
 * it runs; a program of your own may use any ids, so the tracer instead
 * gathers the ids of every put and every get, sorts both and walks them
 * side by side.
 */
#include "tracer_ledger.h"

#include <stdlib.h>

static int compare_ids(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The ids of every event of `kind`, sorted; *count of them. */
static uint32_t *gather(const cv_trace *trace, uint32_t kind, uint64_t *count)
{
    uint64_t n = 0;
    for (uint32_t lane = 0; lane < trace->lane_count; lane++)
        for (size_t i = 0; i < trace->events[lane].count; i++)
            n += cv_event_kind(&trace->events[lane].events[i]) == kind;
    uint32_t *ids = malloc((n ? n : 1) * sizeof *ids);
    if (!ids)
        return NULL;
    uint64_t at = 0;
    for (uint32_t lane = 0; lane < trace->lane_count; lane++)
        for (size_t i = 0; i < trace->events[lane].count; i++)
            if (cv_event_kind(&trace->events[lane].events[i]) == kind)
                ids[at++] = trace->events[lane].events[i].item;
    qsort(ids, n, sizeof *ids, compare_ids);
    *count = n;
    return ids;
}

static void list_id(uint32_t *listed, uint64_t *count, uint32_t id)
{
    if (*count < CV_MAX_LISTED_IDS)
        listed[*count] = id;
    ++*count;
}

cv_status cv_tracer_ledger_check(const cv_trace *trace, cv_run_result *result, cv_error *err)
{
    uint64_t puts = 0, gets = 0;
    uint32_t *put_ids = gather(trace, CV_EVENT_PUT, &puts);
    uint32_t *get_ids = put_ids ? gather(trace, CV_EVENT_GET, &gets) : NULL;
    if (!get_ids) {
        free(put_ids);
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for the item ledger");
    }
    result->items_produced = puts;
    result->items_consumed = gets;
    uint64_t p = 0, g = 0;
    while (p < puts || g < gets) {
        uint32_t id = p < puts && (g >= gets || put_ids[p] <= get_ids[g]) ? put_ids[p] : get_ids[g];
        uint64_t put_times = 0, get_times = 0;
        for (; p < puts && put_ids[p] == id; p++)
            put_times++;
        for (; g < gets && get_ids[g] == id; g++)
            get_times++;
        /* Each put of an id wants one get: fewer is lost, more duplicated. */
        if (get_times < put_times)
            list_id(result->lost_ids, &result->lost_count, id);
        else if (get_times > put_times)
            list_id(result->duplicated_ids, &result->duplicated_count, id);
    }
    result->ledger_ok = result->lost_count == 0 && result->duplicated_count == 0;
    free(put_ids);
    free(get_ids);
    return CV_OK;
}
