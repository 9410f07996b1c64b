/*
 * lesson_edit.h — keeping a lesson's description true after the window
 * edits the run (T switches the backend, + / - change the consumers).
 *
 * A description such as "two consumers share one buffer" is wrong the
 * moment a third consumer is added. Rather than guess how to reword it, the
 * edited scenario's description says what changed and quotes the lesson's
 * own words as the original.
 */
#ifndef CONVEYOR_VIZ_APP_LESSON_EDIT_H
#define CONVEYOR_VIZ_APP_LESSON_EDIT_H

#include "conveyor/scenario.h"

/*
 * Set edited->description from original: unchanged when the backend and
 * every group's count are as the lesson wrote them, else
 * "edited: 3 consumers, processes · as written: <original description>"
 * (cut to fit CV_DESCRIPTION_MAX). The groups are matched by index.
 */
void cv_lesson_edit_describe(const cv_scenario *original, cv_scenario *edited);

#endif
