/*
 * fuzz_schedule.c — libFuzzer harness for schedule files (step mode).
 *
 * Input: the file's text. Beyond "no crash", it checks that an error names
 * a line inside the text with a non-empty message, that a parsed schedule's
 * steps are in increasing line order with known operations and lane names
 * of the allowed length, and that resolving them against a run's lanes
 * either fails on a named line or gives every step a lane.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conveyor/schedule.h"

static void check_error(const cv_error *err, size_t size)
{
    if (!memchr(err->message, '\0', sizeof err->message) || err->message[0] == '\0')
        abort();
    if (err->line < 0 || (size_t)err->line > size + 1)
        abort();
}

static void check_schedule(const cv_schedule *schedule)
{
    static const char *const lanes[] = {"P0", "P1", "C0", "C1"};
    uint32_t last_line = 0;
    for (size_t i = 0; i < schedule->count; i++) {
        const cv_schedule_step *step = &schedule->steps[i];
        if (step->line <= last_line || !memchr(step->lane, '\0', sizeof step->lane))
            abort();
        last_line = step->line;
        bool run = step->lane[0] == '\0';
        if (run != (step->op == CV_STEP_NONE) || (run && i + 1 != schedule->count))
            abort();
        if (!run && (step->op <= CV_STEP_NONE || step->op >= CV_STEP_COUNT))
            abort();
    }
    cv_step_record *records = calloc(schedule->count + 1, sizeof *records);
    if (!records)
        return;
    cv_error err;
    if (cv_schedule_resolve(schedule, lanes, 4, records, &err) != CV_OK) {
        if (err.line <= 0 || err.message[0] == '\0')
            abort();
    } else {
        for (size_t i = 0; i < schedule->count; i++) {
            if (records[i].worker >= 4 && records[i].worker != CV_STEP_RUN_FREELY)
                abort();
        }
    }
    free(records);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cv_schedule schedule;
    cv_error err;
    cv_status status =
        cv_schedule_parse((const char *)data, size, "fuzz.schedule", &schedule, &err);
    if (status == CV_OK) {
        check_schedule(&schedule);
        cv_schedule_free(&schedule);
    } else if (status == CV_ERR_USAGE) {
        check_error(&err, size);
    } else if (status != CV_ERR_NOMEM) {
        abort();
    }
    return 0;
}
