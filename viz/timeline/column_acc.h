/*
 * column_acc.h — adds up what happened inside one pixel column, then names it.
 *
 * Both ways of answering a column query (the exact event walk and the
 * level-of-detail summaries) reduce a column to time per state plus put/get
 * counts; this is where that sum turns into a cv_column, so the dominant
 * state and the "mixed" flag are decided the same way on both paths.
 */
#ifndef CONVEYOR_VIZ_COLUMN_ACC_H
#define CONVEYOR_VIZ_COLUMN_ACC_H

#include <stdint.h>
#include <string.h>

#include "timeline/timeline.h"

typedef struct cv_column_acc {
    int64_t state_weight[CV_STATE_COUNT]; /* ns, or ns x share on the summary path */
    uint32_t puts;
    uint32_t gets;
} cv_column_acc;

static inline void cv_column_acc_clear(cv_column_acc *acc)
{
    memset(acc, 0, sizeof *acc);
}

static inline uint16_t cv_column_saturate(uint32_t count)
{
    return count > UINT16_MAX ? UINT16_MAX : (uint16_t)count;
}

/* The state with the most weight wins; ties go to the earlier legend entry. */
static inline cv_column cv_column_acc_finish(const cv_column_acc *acc)
{
    cv_column column = {CV_COLUMN_EMPTY, 0, cv_column_saturate(acc->puts),
                        cv_column_saturate(acc->gets)};
    int64_t best = 0;
    int present = 0;
    for (int s = 0; s < CV_STATE_COUNT; s++) {
        if (acc->state_weight[s] <= 0)
            continue;
        present++;
        if (acc->state_weight[s] > best) {
            best = acc->state_weight[s];
            column.state = (uint8_t)s;
        }
    }
    column.mixed = present > 1;
    return column;
}

/* The same decision from 32-bit weights (the summary path's bucket shares x overlap). */
static inline cv_column cv_column_from_weights(const uint32_t weight[CV_STATE_COUNT], uint32_t puts,
                                               uint32_t gets)
{
    cv_column column = {CV_COLUMN_EMPTY, 0, cv_column_saturate(puts), cv_column_saturate(gets)};
    uint32_t best = 0;
    int present = 0;
    for (int s = 0; s < CV_STATE_COUNT; s++) {
        present += weight[s] > 0;
        if (weight[s] > best) {
            best = weight[s];
            column.state = (uint8_t)s;
        }
    }
    column.mixed = present > 1;
    return column;
}

/* Walks column edges t0 + floor(i * span / n) without a division per column. */
typedef struct cv_column_edges {
    int64_t edge;     /* start of the next column */
    int64_t quotient; /* span / n */
    uint64_t step;    /* span % n */
    uint64_t carry;   /* running (i * step) % n */
    uint32_t n;
} cv_column_edges;

static inline cv_column_edges cv_column_edges_start(int64_t t0, int64_t t1, uint32_t n)
{
    cv_column_edges edges = {t0, (t1 - t0) / n, (uint64_t)((t1 - t0) % n), 0, n};
    return edges;
}

/* The end of the current column (the start of the next). */
static inline int64_t cv_column_edges_next(cv_column_edges *edges)
{
    edges->edge += edges->quotient;
    edges->carry += edges->step;
    if (edges->carry >= edges->n) {
        edges->carry -= edges->n;
        edges->edge++;
    }
    return edges->edge;
}

/* Start of column i of n over [t0, t0 + span): exact integer arithmetic. */
static inline int64_t cv_column_start(int64_t t0, int64_t span, uint32_t n, uint32_t i)
{
    int64_t q = span / n;
    uint64_t r = (uint64_t)(span % n);
    return t0 + q * (int64_t)i + (int64_t)(r * i / n);
}

#endif
