/*
 * schedule_save.c — see schedule_save.h. The file says what it replays and
 * how, so a student who finds one knows what to do with it.
 */
#include "schedule_save.h"

#include <stdio.h>
#include <string.h>

#include "diagnostics.h"
#include "export/output_file.h"

static void write_steps(FILE *out, const cv_step_record *steps, size_t count, const cv_trace *trace)
{
    for (size_t i = 0; i < count; i++) {
        if (steps[i].worker == CV_STEP_RUN_FREELY) {
            fputs("run\n", out);
            continue;
        }
        const char *lane =
            steps[i].worker < trace->lane_count ? trace->lanes[steps[i].worker].name : "?";
        fprintf(out, "%s %s\n", lane, cv_step_op_name(steps[i].op));
    }
}

bool cv_schedule_save(const char *path, const cv_scenario *scenario, const char *const *overrides,
                      size_t override_count, const cv_step_record *steps, size_t count,
                      const cv_trace *trace, bool quiet)
{
    cv_output_file file;
    cv_error error;
    if (cv_output_open(&file, path, "schedule", &error) != CV_OK) {
        cv_print_error(&error);
        return false;
    }
    FILE *out = file.stream;
    bool to_stdout = strcmp(path, "-") == 0;
    /* Written to standard output, the file is wherever it was sent: the
     * hint reads it back from standard input. */
    fprintf(out,
            "# conveyor schedule: %zu steps of %s (%s), sync = %s, backend = %s\n"
            "# replay: conveyor run %s --schedule %s\n",
            count, scenario->name, scenario->path, cv_sync_name(scenario->sync),
            cv_backend_name(scenario->backend), scenario->path, to_stdout ? "- < THIS_FILE" : path);
    for (size_t i = 0; i < override_count; i++)
        fprintf(out, "set %s\n", overrides[i]);
    write_steps(out, steps, count, trace);
    if (cv_output_close(&file, &error) != CV_OK) {
        cv_print_error(&error);
        return false;
    }
    if (!quiet && !to_stdout)
        fprintf(stderr, "wrote schedule %s\n", path);
    return true;
}
