/*
 * duration.h — private: reading durations like "250us" or "1.5s" with a
 * reason when the text is not one, so the scenario loader can say exactly
 * what is wrong ("unknown unit 'sec'") instead of just "bad duration".
 * cv_parse_duration() in scenario.h is the yes/no form of the same parser.
 */
#ifndef CONVEYOR_DURATION_H
#define CONVEYOR_DURATION_H

#include <stddef.h>
#include <stdint.h>

typedef enum cv_duration_problem {
    CV_DURATION_OK = 0,
    CV_DURATION_EMPTY,        /* nothing but blanks */
    CV_DURATION_NOT_A_NUMBER, /* does not start with a digit */
    CV_DURATION_NEGATIVE,     /* starts with '-' */
    CV_DURATION_NO_UNIT,      /* a number other than 0 without a unit */
    CV_DURATION_UNKNOWN_UNIT, /* something after the number that is not a unit */
    CV_DURATION_TOO_PRECISE,  /* finer than one nanosecond, e.g. "1.5ns" */
    CV_DURATION_OVERFLOW      /* more nanoseconds than an int64_t holds */
} cv_duration_problem;

/*
 * Parse a whole string: blanks, digits with an optional decimal part, an
 * optional blank, a unit (ns, us, µs, ms, s), blanks. A bare "0" is zero.
 * On CV_DURATION_UNKNOWN_UNIT, *unit_at (if not NULL) points at the text
 * that should have been the unit.
 */
cv_duration_problem cv_duration_parse(const char *text, int64_t *out_ns, const char **unit_at);

/* A sentence fragment for a problem: "has no unit", "is negative", ... */
const char *cv_duration_problem_text(cv_duration_problem problem);

/* Write ns the way a person would ("250us", "1.5s", "1h") into out. */
void cv_duration_format(int64_t ns, char *out, size_t out_size);

#endif
