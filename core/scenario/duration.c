/*
 * duration.c — durations as people write them in scenario files: "250us",
 * "2ms", "1.5s". The parse is exact integer arithmetic on nanoseconds (no
 * floating point), so "0.1s" is exactly 100000000 ns, and every way a text
 * can fail to be a duration has its own reason for the error message.
 */
#include "duration.h"

#include "conveyor/scenario.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define NS_PER_S 1000000000ll
#define MAX_FRACTION_DIGITS 9

typedef struct unit {
    const char *text;
    int64_t ns;
} unit;

/* Longer spellings first so "ms" is not read as "m" + junk. */
static const unit units[] = {
    {"ns", 1}, {"us", 1000}, {"\xc2\xb5s", 1000}, {"ms", 1000000}, {"s", NS_PER_S},
};

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}
static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static const char *skip_blanks(const char *p)
{
    while (is_blank(*p))
        p++;
    return p;
}

/* The unit spelled at p followed only by blanks, or NULL. */
static const unit *match_unit(const char *p)
{
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        size_t len = strlen(units[i].text);
        if (strncmp(p, units[i].text, len) == 0 && *skip_blanks(p + len) == '\0')
            return &units[i];
    }
    return NULL;
}

typedef struct number {
    uint64_t whole;
    bool whole_overflow;
    uint64_t fraction; /* the significant decimal digits, at most 9 */
    int fraction_digits;
    bool fraction_too_long;
} number;

/* Read digits[.digits]; returns the first character after the number. */
static const char *read_number(const char *p, number *n)
{
    memset(n, 0, sizeof *n);
    for (; is_digit(*p); p++) {
        uint64_t digit = (uint64_t)(*p - '0');
        if (n->whole > (UINT64_MAX - digit) / 10)
            n->whole_overflow = true;
        else
            n->whole = n->whole * 10 + digit;
    }
    if (*p != '.' || !is_digit(p[1]))
        return p;
    p++;
    const char *digits = p;
    while (is_digit(*p))
        p++;
    int count = (int)(p - digits);
    while (count > 0 && digits[count - 1] == '0')
        count--; /* trailing zeros add no precision */
    if (count > MAX_FRACTION_DIGITS) {
        n->fraction_too_long = true;
        return p;
    }
    for (int i = 0; i < count; i++)
        n->fraction = n->fraction * 10 + (uint64_t)(digits[i] - '0');
    n->fraction_digits = count;
    return p;
}

static int64_t power_of_ten(int exponent)
{
    int64_t value = 1;
    while (exponent-- > 0)
        value *= 10;
    return value;
}

/* whole * unit + fraction * unit, exactly, or a reason it cannot be. */
static cv_duration_problem to_ns(const number *n, int64_t unit_ns, int64_t *out_ns)
{
    if (n->fraction_too_long)
        return CV_DURATION_TOO_PRECISE;
    /* fraction < 1e9 and unit_ns <= 1e9, so the product fits in 63 bits. */
    int64_t scaled = (int64_t)n->fraction * unit_ns;
    int64_t divisor = power_of_ten(n->fraction_digits);
    if (scaled % divisor != 0)
        return CV_DURATION_TOO_PRECISE;
    int64_t fraction_ns = scaled / divisor;
    if (n->whole_overflow || n->whole > (uint64_t)((INT64_MAX - fraction_ns) / unit_ns))
        return CV_DURATION_OVERFLOW;
    *out_ns = (int64_t)n->whole * unit_ns + fraction_ns;
    return CV_DURATION_OK;
}

cv_duration_problem cv_duration_parse(const char *text, int64_t *out_ns, const char **unit_at)
{
    const char *p = skip_blanks(text);
    if (*p == '\0')
        return CV_DURATION_EMPTY;
    if (*p == '-')
        return CV_DURATION_NEGATIVE;
    if (!is_digit(*p))
        return CV_DURATION_NOT_A_NUMBER;
    number n;
    p = skip_blanks(read_number(p, &n));
    if (*p == '\0') {
        bool zero = !n.whole_overflow && n.whole == 0 && n.fraction == 0 && !n.fraction_too_long;
        if (!zero)
            return CV_DURATION_NO_UNIT;
        *out_ns = 0;
        return CV_DURATION_OK;
    }
    const unit *u = match_unit(p);
    if (!u) {
        if (unit_at)
            *unit_at = p;
        return CV_DURATION_UNKNOWN_UNIT;
    }
    return to_ns(&n, u->ns, out_ns);
}

const char *cv_duration_problem_text(cv_duration_problem problem)
{
    switch (problem) {
    case CV_DURATION_OK:
        return "is fine";
    case CV_DURATION_EMPTY:
        return "is empty";
    case CV_DURATION_NOT_A_NUMBER:
        return "does not start with a number";
    case CV_DURATION_NEGATIVE:
        return "is negative";
    case CV_DURATION_NO_UNIT:
        return "has no unit";
    case CV_DURATION_UNKNOWN_UNIT:
        return "has an unknown unit";
    case CV_DURATION_TOO_PRECISE:
        return "is finer than one nanosecond";
    case CV_DURATION_OVERFLOW:
        return "is too large";
    }
    return "is not a duration";
}

bool cv_parse_duration(const char *text, int64_t *out_ns)
{
    int64_t ns = 0;
    if (!text || cv_duration_parse(text, &ns, NULL) != CV_DURATION_OK)
        return false;
    *out_ns = ns;
    return true;
}

void cv_duration_format(int64_t ns, char *out, size_t out_size)
{
    static const unit ladder[] = {{"s", NS_PER_S}, {"ms", 1000000}, {"us", 1000}, {"ns", 1}};
    if (ns <= 0) {
        /* Scenario durations are never negative; print such a value plainly. */
        snprintf(out, out_size, "%lld%s", (long long)ns, ns == 0 ? "" : "ns");
        return;
    }
    const unit *u = &ladder[3];
    for (size_t i = 0; i < 4; i++) {
        if (ns >= ladder[i].ns) {
            u = &ladder[i];
            break;
        }
    }
    int64_t whole = ns / u->ns;
    int64_t rest = ns % u->ns;
    if (rest == 0) {
        snprintf(out, out_size, "%lld%s", (long long)whole, u->text);
        return;
    }
    int width = 0;
    for (int64_t scale = u->ns; scale > 1; scale /= 10)
        width++;
    char digits[32];
    snprintf(digits, sizeof digits, "%0*lld", width & 15, (long long)rest);
    size_t len = strlen(digits);
    while (len > 0 && digits[len - 1] == '0')
        digits[--len] = '\0';
    snprintf(out, out_size, "%lld.%s%s", (long long)whole, digits, u->text);
}
