/*
 * scenario_values.c — reading single values of a scenario file: numbers,
 * durations, distributions, work steps, choices, free text. Values are
 * strict (a number with junk after it is an error, not a number) and every
 * failure says what was read, what is allowed, and the closest valid word,
 * because these messages are what a student sees after a typo.
 */
#include "scenario_values.h"

#include "duration.h"
#include "suggest.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Long values are cut when quoted so messages stay one readable line. */
#define QUOTE_MAX 48

typedef struct quoted {
    char text[QUOTE_MAX + 4];
} quoted;

static quoted quote(const char *text)
{
    quoted q;
    size_t len = strlen(text);
    if (len <= QUOTE_MAX) {
        memcpy(q.text, text, len + 1);
        return q;
    }
    memcpy(q.text, text, QUOTE_MAX);
    memcpy(q.text + QUOTE_MAX, "...", 4);
    return q;
}

static bool fail(char *why, size_t why_size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool fail(char *why, size_t why_size, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    vsnprintf(why, why_size, fmt, args);
    va_end(args);
    return false;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}
static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}
static bool is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Copy text without surrounding blanks into out (out_size > 0). */
static void trim_copy(const char *text, size_t length, char *out, size_t out_size)
{
    while (length > 0 && is_blank(*text)) {
        text++;
        length--;
    }
    while (length > 0 && is_blank(text[length - 1]))
        length--;
    if (length >= out_size)
        length = out_size - 1;
    memcpy(out, text, length);
    out[length] = '\0';
}

bool cv_value_uint(const char *text, uint64_t min, uint64_t max, uint64_t *out, char *why,
                   size_t why_size)
{
    char range[96];
    snprintf(range, sizeof range, "expected a whole number from %llu to %llu",
             (unsigned long long)min, (unsigned long long)max);
    const char *p = text;
    if (*p == '\0')
        return fail(why, why_size, "missing value; %s", range);
    if (*p == '-')
        return fail(why, why_size, "'%s' is negative; %s", quote(text).text, range);
    if (!is_digit(*p))
        return fail(why, why_size, "'%s' is not a number; %s", quote(text).text, range);
    uint64_t value = 0;
    bool overflow = false;
    for (; is_digit(*p); p++) {
        uint64_t digit = (uint64_t)(*p - '0');
        if (value > (UINT64_MAX - digit) / 10)
            overflow = true;
        else
            value = value * 10 + digit;
    }
    if (*p != '\0') {
        const char *hint = strchr(p, '#') ? " (comments start with ';')" : "";
        return fail(why, why_size, "junk '%s' after the number in '%s'; %s%s", quote(p).text,
                    quote(text).text, range, hint);
    }
    if (overflow || value < min || value > max)
        return fail(why, why_size, "%s is out of range; %s", quote(text).text, range);
    *out = value;
    return true;
}

bool cv_value_duration(const char *text, int64_t min_ns, int64_t max_ns, int64_t *out_ns, char *why,
                       size_t why_size)
{
    char low[32], high[32], range[96];
    cv_duration_format(min_ns, low, sizeof low);
    cv_duration_format(max_ns, high, sizeof high);
    snprintf(range, sizeof range, "expected a duration from %s to %s", low, high);
    int64_t ns = 0;
    const char *unit_at = NULL;
    cv_duration_problem problem = cv_duration_parse(text, &ns, &unit_at);
    switch (problem) {
    case CV_DURATION_OK:
        break;
    case CV_DURATION_EMPTY:
        return fail(why, why_size, "missing value; %s", range);
    case CV_DURATION_UNKNOWN_UNIT:
        return fail(why, why_size, "unknown unit '%s' in '%s'; units are ns, us, ms, s",
                    quote(unit_at).text, quote(text).text);
    case CV_DURATION_NO_UNIT:
        return fail(why, why_size, "'%s' has no unit; write e.g. '%sms' (units: ns, us, ms, s)",
                    quote(text).text, quote(text).text);
    default:
        return fail(why, why_size, "'%s' %s; %s", quote(text).text,
                    cv_duration_problem_text(problem), range);
    }
    if (ns < min_ns || ns > max_ns)
        return fail(why, why_size, "%s is out of range; %s", quote(text).text, range);
    *out_ns = ns;
    return true;
}

bool cv_value_bool(const char *text, bool *out, char *why, size_t why_size)
{
    static const char *const yes[] = {"on", "true", "yes", "1"};
    static const char *const no[] = {"off", "false", "no", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (strcmp(text, yes[i]) == 0 || strcmp(text, no[i]) == 0) {
            *out = strcmp(text, yes[i]) == 0;
            return true;
        }
    }
    static const char *const all[] = {"on", "off", "true", "false", "yes", "no"};
    const char *guess = cv_suggest(text, all, 6);
    if (guess)
        return fail(why, why_size, "'%s' is not on or off; did you mean '%s'?", quote(text).text,
                    guess);
    return fail(why, why_size, "'%s' is not on or off (also allowed: true/false, yes/no, 1/0)",
                quote(text).text);
}

static void join_names(const char *const *names, size_t count, char *out, size_t out_size)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < count && used < out_size; i++) {
        const char *sep = i == 0 ? "" : (i + 1 == count ? " or " : ", ");
        int n = snprintf(out + used, out_size - used, "%s%s", sep, names[i]);
        if (n < 0)
            return;
        used += (size_t)n;
    }
}

bool cv_value_choice(const char *text, const char *const *names, size_t count, int *out, char *why,
                     size_t why_size)
{
    for (size_t i = 0; i < count; i++) {
        if (strcmp(text, names[i]) == 0) {
            *out = (int)i;
            return true;
        }
    }
    char allowed[256];
    join_names(names, count, allowed, sizeof allowed);
    if (*text == '\0')
        return fail(why, why_size, "missing value; expected %s", allowed);
    const char *guess = cv_suggest(text, names, count);
    if (guess)
        return fail(why, why_size, "'%s' is not one of %s; did you mean '%s'?", quote(text).text,
                    allowed, guess);
    return fail(why, why_size, "'%s' is not one of %s", quote(text).text, allowed);
}

/* Distribution arguments: "a" or "a, b" inside the parentheses. */
static int split_arguments(const char *inside, size_t length, char args[2][64])
{
    const char *comma = memchr(inside, ',', length);
    if (!comma) {
        trim_copy(inside, length, args[0], 64);
        return 1;
    }
    if (memchr(comma + 1, ',', length - (size_t)(comma + 1 - inside)))
        return 3;
    trim_copy(inside, (size_t)(comma - inside), args[0], 64);
    trim_copy(comma + 1, length - (size_t)(comma + 1 - inside), args[1], 64);
    return 2;
}

static const char *const distribution_names[] = {"uniform", "exp", "normal"};
static const int distribution_arity[] = {2, 1, 2};
static const char *const distribution_usage[] = {"uniform(low, high)", "exp(mean)",
                                                 "normal(mean, stddev)"};

static bool read_distribution(const char *text, const char *open, cv_duration_spec *out, char *why,
                              size_t why_size)
{
    char name[32];
    trim_copy(text, (size_t)(open - text), name, sizeof name);
    int which = -1;
    if (!cv_value_choice(name, distribution_names, 3, &which, why, why_size)) {
        char detail[256];
        snprintf(detail, sizeof detail, "%s", why);
        return fail(why, why_size, "unknown distribution: %s", detail);
    }
    size_t length = strlen(open);
    if (length < 2 || open[length - 1] != ')')
        return fail(why, why_size, "'%s' must end with ')'; write %s", quote(text).text,
                    distribution_usage[which]);
    char args[2][64];
    int arity = split_arguments(open + 1, length - 2, args);
    if (arity != distribution_arity[which])
        return fail(why, why_size, "'%s' needs %d argument%s: %s", quote(text).text,
                    distribution_arity[which], distribution_arity[which] == 1 ? "" : "s",
                    distribution_usage[which]);
    int64_t values[2] = {0, 0};
    for (int i = 0; i < arity; i++) {
        char detail[256];
        if (!cv_value_duration(args[i], 0, CV_MAX_DURATION_NS, &values[i], detail, sizeof detail))
            return fail(why, why_size, "in %s: %s", distribution_usage[which], detail);
    }
    if (which == 0 && values[0] > values[1])
        return fail(why, why_size, "in '%s' the low end is above the high end", quote(text).text);
    if (which == 1 && values[0] == 0)
        return fail(why, why_size, "in '%s' the mean must be more than 0", quote(text).text);
    static const cv_distribution kinds[] = {CV_DIST_UNIFORM, CV_DIST_EXP, CV_DIST_NORMAL};
    out->kind = kinds[which];
    out->a_ns = values[0];
    out->b_ns = values[1];
    return true;
}

bool cv_value_duration_spec(const char *text, cv_duration_spec *out, char *why, size_t why_size)
{
    const char *p = text;
    while (is_letter(*p))
        p++;
    while (is_blank(*p))
        p++;
    if (p > text && *p == '(')
        return read_distribution(text, p, out, why, why_size);
    int64_t ns = 0;
    if (!cv_value_duration(text, 0, CV_MAX_DURATION_NS, &ns, why, why_size))
        return false;
    out->kind = CV_DIST_FIXED;
    out->a_ns = ns;
    out->b_ns = 0;
    return true;
}

static bool read_step(const char *piece, int number, cv_step *step, char *why, size_t why_size)
{
    static const char *const kinds[] = {"cpu", "io"};
    const char *p = piece;
    while (is_letter(*p))
        p++;
    char kind[16];
    trim_copy(piece, (size_t)(p - piece), kind, sizeof kind);
    int which = -1;
    if (strcmp(kind, "none") == 0)
        return fail(why, why_size, "step %d: 'none' cannot be combined with other steps", number);
    if (p == piece || (size_t)(p - piece) >= sizeof kind ||
        !cv_value_choice(kind, kinds, 2, &which, why, why_size)) {
        const char *guess = p == piece ? NULL : cv_suggest(kind, kinds, 2);
        if (guess)
            return fail(why, why_size,
                        "step %d ('%s'): unknown kind '%s'; did you mean '%s'? A step is "
                        "'cpu D' or 'io D'",
                        number, quote(piece).text, quote(kind).text, guess);
        return fail(why, why_size, "step %d ('%s'): a step is 'cpu D' or 'io D', e.g. 'cpu 2ms'",
                    number, quote(piece).text);
    }
    while (is_blank(*p))
        p++;
    if (*p == '\0')
        return fail(why, why_size, "step %d ('%s') has no duration; write e.g. '%s 2ms'", number,
                    quote(piece).text, kinds[which]);
    char detail[320];
    if (!cv_value_duration_spec(p, &step->duration, detail, sizeof detail))
        return fail(why, why_size, "step %d ('%s'): %s", number, quote(piece).text, detail);
    step->kind = which == 0 ? CV_STEP_CPU : CV_STEP_IO;
    return true;
}

/* The end of the step starting at p: the next comma outside parentheses. */
static const char *step_end(const char *p)
{
    int depth = 0;
    for (; *p; p++) {
        if (*p == '(')
            depth++;
        else if (*p == ')' && depth > 0)
            depth--;
        else if (*p == ',' && depth == 0)
            break;
    }
    return p;
}

bool cv_value_work(const char *text, cv_step steps[CV_MAX_STEPS], uint32_t *step_count, char *why,
                   size_t why_size)
{
    if (*text == '\0')
        return fail(why, why_size, "missing value; write 'none' or steps like 'cpu 2ms, io 1ms'");
    if (strcmp(text, "none") == 0) {
        *step_count = 0;
        return true;
    }
    cv_step parsed[CV_MAX_STEPS];
    uint32_t count = 0;
    const char *p = text;
    for (;;) {
        const char *end = step_end(p);
        char piece[256];
        trim_copy(p, (size_t)(end - p), piece, sizeof piece);
        if (count == CV_MAX_STEPS)
            return fail(why, why_size, "more than %d steps", CV_MAX_STEPS);
        if (piece[0] == '\0')
            return fail(why, why_size, "step %u is empty (a comma too many?)", count + 1);
        if (!read_step(piece, (int)count + 1, &parsed[count], why, why_size))
            return false;
        count++;
        if (*end == '\0')
            break;
        p = end + 1;
    }
    memcpy(steps, parsed, count * sizeof parsed[0]);
    *step_count = count;
    return true;
}

bool cv_value_text(const char *text, size_t max_length, char *out, char *why, size_t why_size)
{
    size_t length = strlen(text);
    if (length == 0)
        return fail(why, why_size, "must not be empty");
    if (length >= max_length)
        return fail(why, why_size, "is %zu characters long; at most %zu are allowed", length,
                    max_length - 1);
    for (const char *p = text; *p; p++) {
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return fail(why, why_size, "contains a control character");
    }
    memcpy(out, text, length + 1);
    return true;
}
