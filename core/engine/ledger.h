/*
 * ledger.h — the item ledger: for every item id, how many times it was put
 * into and taken out of the buffer. After the run, each id made must have
 * been put once and taken once; anything else is a lost or duplicated item.
 * Counts are bytes in the region (two per item); see cv_ledger_bump for how
 * the racing no-mutex mode still counts every duplicate.
 */
#ifndef CONVEYOR_LEDGER_H
#define CONVEYOR_LEDGER_H

#include <assert.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "conveyor/run_result.h"
#include "region.h"

/*
 * One more count in a ledger byte. Sync modes with a lock never touch an id
 * from two workers at once, so a plain read and write is exact there and
 * avoids a locked instruction per item; the racing mode needs the atomic add
 * to count every duplicate.
 */
static inline void cv_ledger_bump(_Atomic uint8_t *count, bool racy)
{
    if (racy)
        atomic_fetch_add_explicit(count, 1, memory_order_relaxed);
    else
        atomic_store_explicit(count, atomic_load_explicit(count, memory_order_relaxed) + 1,
                              memory_order_relaxed);
}

static inline void cv_ledger_record_put(cv_control *control, uint32_t item, bool racy)
{
    assert(item < control->ledger_items);
    if (item < control->ledger_items)
        cv_ledger_bump(&cv_region_ledger(control)[item], racy);
}

/* Slots start zeroed, so a racing consumer that reads a slot no producer has
 * written yet takes "item 0" again: that shows up as a duplicate of id 0. */
static inline void cv_ledger_record_get(cv_control *control, uint32_t item, bool racy)
{
    assert(item < control->ledger_items);
    if (item < control->ledger_items)
        cv_ledger_bump(&cv_region_ledger(control)[control->ledger_items + item], racy);
}

typedef struct cv_ledger_report {
    uint64_t checked;          /* ids examined: 0 .. highest id made */
    uint64_t lost_count;       /* put, never taken, and not left in the buffer */
    uint64_t duplicated_count; /* taken more than once, or taken but never put */
    uint64_t unfinished_count; /* put, not taken: still in the buffer at the end */
    uint32_t lost_ids[CV_MAX_LISTED_IDS];
    uint32_t duplicated_ids[CV_MAX_LISTED_IDS];
    bool ok;
} cv_ledger_report;

/*
 * Check ids [0, made). `in_buffer` is how many items the buffer still holds:
 * a run that stopped early leaves items behind, and those are not lost. If
 * more ids are missing than that, every missing id is reported as lost.
 */
void cv_ledger_check(cv_control *control, uint64_t made, uint64_t in_buffer,
                     cv_ledger_report *report);

#endif
