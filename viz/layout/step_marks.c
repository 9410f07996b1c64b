/*
 * step_marks.c — the words of step mode's marks and banner (see
 * step_marks.h). The lane's number is its position from the top, 1 to 9,
 * so the key to press is the number written beside it.
 */
#include "layout/step_marks.h"

#include <stdio.h>

void cv_step_marks_compose(const cv_step_choice *choices, const cv_trace *trace, bool moving,
                           bool gil, cv_step_mark *marks, char *banner, size_t banner_size)
{
    uint32_t can = 0;
    bool gil_bound = false;
    for (uint32_t i = 0; i < trace->lane_count; i++) {
        const cv_step_choice *choice = &choices[i];
        cv_step_mark *mark = &marks[i];
        const char *name = trace->lanes[i].name;
        const char *op = cv_step_op_name(choice->op);
        if (moving || choice->finished) {
            mark->kind = CV_STEP_MARK_ENDED;
            mark->text[0] = '\0';
            continue;
        }
        gil_bound = gil_bound || choice->gil_bound;
        /* Every tag carries its key, a blocked lane's too: pressing it is
         * how a student asks why that lane cannot go. */
        char key[8] = "";
        if (i < CV_STEP_MARK_KEYS)
            snprintf(key, sizeof key, "%u  ", i + 1);
        if (!choice->can_advance) {
            mark->kind = CV_STEP_MARK_CANNOT;
            snprintf(mark->text, sizeof mark->text, "%s%s: %s \xE2\x80\x94 %s", key, name, op,
                     choice->why);
            continue;
        }
        can++;
        mark->kind = CV_STEP_MARK_CAN;
        snprintf(mark->text, sizeof mark->text, "%s%s: %s", key, name, op);
    }
    char who[48];
    if (gil && gil_bound)
        snprintf(who, sizeof who, "the GIL lets only its holder go");
    else
        snprintf(who, sizeof who, "%u can go", can);
    if (moving)
        snprintf(banner, banner_size, "STEP MODE \xC2\xB7 a step is under way\xE2\x80\xA6");
    else
        snprintf(banner, banner_size,
                 "STEP MODE \xC2\xB7 %s (drawn ready: held for you) \xC2\xB7 click a lane or "
                 "press its number \xC2\xB7 G: run freely",
                 who);
}

bool cv_step_marks_why_not(const cv_step_choice *choice, const char *name, bool moving,
                           char *message, size_t message_size)
{
    if (moving)
        snprintf(message, message_size, "%s cannot go yet: a step is under way", name);
    else if (choice->finished)
        snprintf(message, message_size, "%s cannot go: it has ended", name);
    else if (!choice->can_advance)
        snprintf(message, message_size, "%s cannot go: %s \xE2\x80\x94 %s", name,
                 cv_step_op_name(choice->op), choice->why);
    else
        return false;
    return true;
}

void cv_step_marks_taken_line(const cv_step_record *taken, size_t index, const cv_trace *trace,
                              char *line, size_t line_size)
{
    const cv_step_record *step = &taken[index];
    if (step->worker == CV_STEP_RUN_FREELY)
        snprintf(line, line_size, "%zu  run", index + 1);
    else
        snprintf(line, line_size, "%zu  %s %s", index + 1,
                 step->worker < trace->lane_count ? trace->lanes[step->worker].name : "?",
                 cv_step_op_name(step->op));
}
