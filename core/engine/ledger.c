/*
 * ledger.c — checking the ledger after a run (see ledger.h). Runs in the
 * parent after every worker has ended, so plain reads would do; relaxed
 * atomic loads keep the sanitizers and the types honest.
 */
#include "ledger.h"

#include <string.h>

static void note_id(uint32_t *ids, uint64_t count, uint64_t id)
{
    if (count < CV_MAX_LISTED_IDS)
        ids[count] = (uint32_t)id;
}

void cv_ledger_check(cv_control *control, uint64_t made, uint64_t in_buffer,
                     cv_ledger_report *report)
{
    memset(report, 0, sizeof *report);
    _Atomic uint8_t *puts = cv_region_ledger(control);
    _Atomic uint8_t *gets = puts + control->ledger_items;
    if (made > control->ledger_items)
        made = control->ledger_items;
    /* Ids past the reserved ledger were never made (producers wait there),
     * and their pages may not exist: never touched. */
    uint64_t reserved = atomic_load(&control->ledger_reserved_items);
    if (made > reserved)
        made = reserved;
    uint64_t missing = 0;
    for (uint64_t id = 0; id < made; id++) {
        uint8_t put = atomic_load_explicit(&puts[id], memory_order_relaxed);
        uint8_t got = atomic_load_explicit(&gets[id], memory_order_relaxed);
        if (put == got && put <= 1)
            continue;
        if (got > 1 || got > put) {
            note_id(report->duplicated_ids, report->duplicated_count, id);
            report->duplicated_count++;
        } else if (put > 1) {
            /* Put twice under one id: an id handed out twice. */
            note_id(report->duplicated_ids, report->duplicated_count, id);
            report->duplicated_count++;
        } else {
            note_id(report->lost_ids, missing, id);
            missing++;
        }
    }
    report->checked = made;
    if (missing <= in_buffer && report->duplicated_count == 0) {
        report->unfinished_count = missing;
        memset(report->lost_ids, 0, sizeof report->lost_ids);
    } else {
        report->lost_count = missing;
    }
    report->ok = report->lost_count == 0 && report->duplicated_count == 0;
}
