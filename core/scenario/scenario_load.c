/*
 * scenario_load.c — reading a scenario file into a cv_scenario.
 *
 * libinih parses the INI syntax (sections, key = value, comments); this file
 * feeds it the text one line at a time through an ini_reader. Because every
 * line passes through the reader, the loader always knows the line number
 * the handler's key came from (Debian's libinih is built without
 * INI_HANDLER_LINENO), sees section headers even when they have no keys, and
 * can strip leading blanks so an indented key is a key, not a continuation.
 * Each value is read strictly (scenario_values.c), remembered with its
 * origin, and once the file and the --set overrides are in, the rules that
 * span keys run (scenario_check.c). Problems are collected, not fatal.
 */
#include "conveyor/scenario.h"

#include "scenario_check.h"
#include "scenario_values.h"
#include "suggest.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define WHY_MAX 400
#define SHOWN_MAX 48 /* characters of a bad line quoted in a message */

typedef enum section_kind {
    SECTION_NONE, /* before the first header */
    SECTION_RUN,
    SECTION_EXPECT,
    SECTION_GROUP,
    SECTION_IGNORED /* a section already reported as wrong: its keys are skipped */
} section_kind;

typedef struct section {
    section_kind kind;
    int group;
} section;

typedef enum line_kind { LINE_EMPTY, LINE_HEADER, LINE_KEY } line_kind;

typedef struct loader {
    cv_scenario *s;
    cv_diagnostics *diag;
    cv_scenario_origins origins;
    int run_line; /* header lines of [run] and [expect], 0 until seen */
    int expect_line;
    /* The text and the line libinih is working on. */
    const char *text;
    size_t length;
    size_t pos;
    int line;
    line_kind kind;
    bool line_had_value;
    char shown[SHOWN_MAX + 4];
    int first_syntax_error;
    section current;
    int override;     /* 1 + index of the --set argument being applied, 0 for the file */
    cv_scenario file; /* the scenario as the file alone says, before any --set */
} loader;

static const char *const section_words[] = {"run", "expect", "producers", "consumers"};
static const char *const outcome_names[] = {"completed", "deadlock", "ledger-violation"};
static const cv_outcome outcome_values[] = {CV_OUTCOME_COMPLETED, CV_OUTCOME_DEADLOCK,
                                            CV_OUTCOME_LEDGER_VIOLATION};

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* A problem at the current place: the line being read, or the --set argument. */
static void report(loader *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void report(loader *l, const char *fmt, ...)
{
    cv_origin here = {true, l->line, l->override};
    char message[CV_ERROR_MESSAGE_MAX];
    va_list args;
    va_start(args, fmt);
    vsnprintf(message, sizeof message, fmt, args);
    va_end(args);
    cv_origin_report(l->diag, &l->origins, &here, 0, "%s", message);
}

static void copy_trimmed(const char *text, size_t length, char *out, size_t out_size)
{
    while (length > 0 && is_blank(*text)) {
        text++;
        length--;
    }
    while (length > 0 && (is_blank(text[length - 1]) || text[length - 1] == '\r'))
        length--;
    if (length >= out_size)
        length = out_size - 1;
    memcpy(out, text, length);
    out[length] = '\0';
}

/* ---- sections ---- */

static int find_group(const cv_scenario *s, cv_role role, const char *name)
{
    for (uint32_t i = 0; i < s->group_count; i++) {
        if (s->groups[i].role == role && strcmp(s->groups[i].name, name) == 0)
            return (int)i;
    }
    return -1;
}

static void report_unknown_section(loader *l, const char *word, const char *rest)
{
    const char *guess = cv_suggest(word, section_words, 4);
    const char *space = rest[0] ? " " : "";
    if (guess)
        report(l, "unknown section [%s%s%s]; did you mean [%s%s%s]?", word, space, rest, guess,
               space, rest);
    else
        report(l,
               "unknown section [%s%s%s]; the sections are [run], [producers], [consumers] "
               "and [expect]",
               word, space, rest);
}

static void join(const char *const *names, int count, char *out, size_t out_size)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < count && used < out_size; i++) {
        int n = snprintf(out + used, out_size - used, "%s%s", i ? ", " : "", names[i]);
        if (n < 0)
            return;
        used += (size_t)n;
    }
}

/* An override names a group the file does not have: say which it has. */
static void report_missing_group(loader *l, const char *title)
{
    const char *titles[CV_MAX_GROUPS];
    char storage[CV_MAX_GROUPS][CV_NAME_MAX + 16];
    for (uint32_t i = 0; i < l->s->group_count; i++) {
        cv_group_section_title(&l->s->groups[i], storage[i], sizeof storage[i]);
        titles[i] = storage[i];
    }
    char wanted[160];
    snprintf(wanted, sizeof wanted, "[%s]", title);
    const char *guess = cv_suggest(wanted, titles, l->s->group_count);
    char all[CV_MAX_GROUPS * (CV_NAME_MAX + 16)];
    join(titles, (int)l->s->group_count, all, sizeof all);
    if (guess)
        report(l, "the scenario has no section %s; did you mean %s?", wanted, guess);
    else
        report(l, "the scenario has no section %s; its worker sections are %s", wanted, all);
}

static section open_group(loader *l, cv_role role, const char *name, const char *title,
                          bool from_file)
{
    section result = {SECTION_GROUP, find_group(l->s, role, name)};
    if (result.group >= 0) {
        cv_group *g = &l->s->groups[result.group];
        if (from_file && g->line > 0)
            report(l, "section [%s] appears twice (first on line %d)", title, g->line);
        return result;
    }
    if (!from_file) {
        report_missing_group(l, title);
        return (section){SECTION_IGNORED, -1};
    }
    if (l->s->group_count == CV_MAX_GROUPS) {
        report(l, "too many worker groups: at most %d", CV_MAX_GROUPS);
        return (section){SECTION_IGNORED, -1};
    }
    cv_group *g = &l->s->groups[l->s->group_count];
    memset(g, 0, sizeof *g);
    g->role = role;
    snprintf(g->name, sizeof g->name, "%s", name);
    g->line = l->line;
    result.group = (int)l->s->group_count++;
    return result;
}

/* [run] / [expect] once each in the file; --set may name them freely. */
static section open_single(loader *l, section_kind kind, int *seen_line, const char *title,
                           bool from_file)
{
    if (from_file && *seen_line > 0)
        report(l, "section [%s] appears twice (first on line %d)", title, *seen_line);
    else if (from_file)
        *seen_line = l->line;
    if (kind == SECTION_EXPECT)
        l->s->expect.set = true;
    return (section){kind, -1};
}

/*
 * "run", "expect", "producers", "consumers NAME", ... into a section; a new
 * group is created only for a header in the file, never by --set.
 */
static section open_section(loader *l, const char *title, bool from_file)
{
    char word[64], rest[128];
    size_t word_length = strcspn(title, " \t");
    copy_trimmed(title, word_length, word, sizeof word);
    copy_trimmed(title + word_length, strlen(title + word_length), rest, sizeof rest);
    if (word_length >= sizeof word) {
        report(l, "unknown section [%s]", title);
        return (section){SECTION_IGNORED, -1};
    }
    bool is_run = strcmp(word, "run") == 0, is_expect = strcmp(word, "expect") == 0;
    if ((is_run || is_expect) && rest[0] != '\0') {
        report(l, "section [%s] takes no name; write [%s]", title, word);
        return (section){SECTION_IGNORED, -1};
    }
    if (is_run)
        return open_single(l, SECTION_RUN, &l->run_line, "run", from_file);
    if (is_expect)
        return open_single(l, SECTION_EXPECT, &l->expect_line, "expect", from_file);
    if (strcmp(word, "producers") == 0)
        return open_group(l, CV_ROLE_PRODUCER, rest, title, from_file);
    if (strcmp(word, "consumers") == 0)
        return open_group(l, CV_ROLE_CONSUMER, rest, title, from_file);
    report_unknown_section(l, word, rest);
    return (section){SECTION_IGNORED, -1};
}

/* ---- keys ---- */

static int find_key(const char *const *names, int count, const char *key)
{
    for (int i = 0; i < count; i++) {
        if (strcmp(names[i], key) == 0)
            return i;
    }
    return -1;
}

static void report_unknown_key(loader *l, const char *title, const char *key,
                               const char *const *names, int count)
{
    const char *guess = cv_suggest(key, names, (size_t)count);
    if (guess) {
        report(l, "unknown key '%s' in %s; did you mean '%s'?", key, title, guess);
        return;
    }
    const char *home = NULL;
    if (find_key(cv_run_key_names, CV_RUN_KEY_COUNT, key) >= 0)
        home = "[run]";
    else if (find_key(cv_group_key_names, CV_GROUP_KEY_COUNT, key) >= 0)
        home = "[producers] and [consumers] sections";
    else if (find_key(cv_expect_key_names, CV_EXPECT_KEY_COUNT, key) >= 0)
        home = "[expect]";
    if (home) {
        report(l, "key '%s' does not belong in %s; it goes in %s", key, title, home);
        return;
    }
    char all[256];
    join(names, count, all, sizeof all);
    report(l, "unknown key '%s' in %s; the keys are %s", key, title, all);
}

static bool read_choice(const char *value, const char *const *names, size_t count, int *out,
                        char *why)
{
    return cv_value_choice(value, names, count, out, why, WHY_MAX);
}

static bool set_run_value(cv_scenario *s, cv_run_key key, const char *value, char *why)
{
    uint64_t number = 0;
    int choice = 0;
    switch (key) {
    case CV_RUN_NAME:
        return cv_value_text(value, CV_NAME_MAX, s->name, why, WHY_MAX);
    case CV_RUN_DESCRIPTION:
        return cv_value_text(value, CV_DESCRIPTION_MAX, s->description, why, WHY_MAX);
    case CV_RUN_BACKEND:
        if (!read_choice(value, cv_backend_names, CV_BACKEND_COUNT, &choice, why))
            return false;
        s->backend = choice == 0 ? CV_BACKEND_THREADS : CV_BACKEND_PROCESSES;
        return true;
    case CV_RUN_BUFFER:
        if (!cv_value_uint(value, 1, CV_MAX_BUFFER_SLOTS, &number, why, WHY_MAX))
            return false;
        s->buffer_slots = (uint32_t)number;
        return true;
    case CV_RUN_ITEMS:
        return cv_value_uint(value, 1, CV_MAX_ITEMS, &s->items, why, WHY_MAX);
    case CV_RUN_DURATION:
        return cv_value_duration(value, 0, CV_MAX_DURATION_NS, &s->duration_ns, why, WHY_MAX);
    case CV_RUN_SEED:
        return cv_value_uint(value, 0, UINT64_MAX, &s->seed, why, WHY_MAX);
    case CV_RUN_GIL:
        return cv_value_bool(value, &s->gil, why, WHY_MAX);
    case CV_RUN_SWITCH_INTERVAL:
        return cv_value_duration(value, CV_MIN_SWITCH_INTERVAL_NS, CV_MAX_SWITCH_INTERVAL_NS,
                                 &s->switch_interval_ns, why, WHY_MAX);
    case CV_RUN_SYNC:
        if (!read_choice(value, cv_sync_names, CV_SYNC_COUNT, &choice, why))
            return false;
        s->sync = (cv_sync)choice;
        return true;
    case CV_RUN_DEADLOCK_TIMEOUT:
        return cv_value_duration(value, CV_MIN_DEADLOCK_TIMEOUT_NS, CV_MAX_DURATION_NS,
                                 &s->deadlock_timeout_ns, why, WHY_MAX);
    case CV_RUN_CORES:
        if (!cv_value_uint(value, 0, CV_MAX_CORES, &number, why, WHY_MAX))
            return false;
        s->cores = (uint32_t)number;
        return true;
    case CV_RUN_KEY_COUNT:
        break;
    }
    return false;
}

static bool set_group_value(cv_group *g, cv_group_key key, const char *value, char *why)
{
    uint64_t number = 0;
    switch (key) {
    case CV_GROUP_COUNT:
        if (!cv_value_uint(value, 0, CV_MAX_WORKERS_THREADS, &number, why, WHY_MAX))
            return false;
        g->count = (uint32_t)number;
        return true;
    case CV_GROUP_WORK:
        return cv_value_work(value, g->steps, &g->step_count, why, WHY_MAX);
    case CV_GROUP_START_DELAY:
        return cv_value_duration(value, 0, CV_MAX_DURATION_NS, &g->start_delay_ns, why, WHY_MAX);
    case CV_GROUP_KEY_COUNT:
        break;
    }
    return false;
}

static bool set_expect_value(cv_expect *e, cv_expect_key key, const char *value, char *why)
{
    int choice = 0;
    switch (key) {
    case CV_EXPECT_OUTCOME:
        if (!read_choice(value, outcome_names, 3, &choice, why))
            return false;
        e->outcome = outcome_values[choice];
        return true;
    case CV_EXPECT_MIN_ITEMS:
        return cv_value_uint(value, 0, CV_MAX_ITEMS, &e->min_items, why, WHY_MAX);
    case CV_EXPECT_MAX_ELAPSED:
        return cv_value_duration(value, 1, CV_MAX_DURATION_NS, &e->max_elapsed_ns, why, WHY_MAX);
    case CV_EXPECT_KEY_COUNT:
        break;
    }
    return false;
}

/*
 * A key may be given once in the file; a --set replaces it. The origin is
 * recorded even for a bad value so it is not also reported as missing.
 */
static bool claim_key(loader *l, cv_origin *origin, const char *title, const char *key)
{
    if (origin->set && !l->override && !origin->override) {
        report(l, "duplicate key '%s' in %s (first set on line %d)", key, title, origin->line);
        return false;
    }
    *origin = (cv_origin){true, l->line, l->override};
    return true;
}

static void apply_value(loader *l, section where, const char *key, const char *value)
{
    char why[WHY_MAX] = "";
    char title[CV_NAME_MAX + 16];
    bool ok = true;
    if (key[0] == '\0') {
        report(l, "a key name is missing before '='");
        return;
    }
    if (where.kind == SECTION_IGNORED)
        return;
    if (where.kind == SECTION_NONE) {
        report(l,
               "'%s' comes before any section; put it under [run], [producers], [consumers] "
               "or [expect]",
               key);
        return;
    }
    if (where.kind == SECTION_RUN) {
        int k = find_key(cv_run_key_names, CV_RUN_KEY_COUNT, key);
        if (k < 0)
            report_unknown_key(l, "[run]", key, cv_run_key_names, CV_RUN_KEY_COUNT);
        else if (claim_key(l, &l->origins.run[k], "[run]", key))
            ok = set_run_value(l->s, (cv_run_key)k, value, why);
    } else if (where.kind == SECTION_EXPECT) {
        int k = find_key(cv_expect_key_names, CV_EXPECT_KEY_COUNT, key);
        if (k < 0)
            report_unknown_key(l, "[expect]", key, cv_expect_key_names, CV_EXPECT_KEY_COUNT);
        else if (claim_key(l, &l->origins.expect[k], "[expect]", key))
            ok = set_expect_value(&l->s->expect, (cv_expect_key)k, value, why);
    } else {
        cv_group *g = &l->s->groups[where.group];
        cv_group_section_title(g, title, sizeof title);
        int k = find_key(cv_group_key_names, CV_GROUP_KEY_COUNT, key);
        if (k < 0)
            report_unknown_key(l, title, key, cv_group_key_names, CV_GROUP_KEY_COUNT);
        else if (claim_key(l, &l->origins.groups[where.group][k], title, key))
            ok = set_group_value(g, (cv_group_key)k, value, why);
    }
    if (!ok)
        report(l, "%s: %s", key, why);
}

/* ---- feeding libinih ---- */

/* A line that is neither blank, a comment nor a header gave libinih no key. */
static void finish_line(loader *l)
{
    if (l->kind == LINE_KEY && !l->line_had_value) {
        report(l, "expected 'key = value' or a [section] header, not '%s'", l->shown);
        if (!l->first_syntax_error)
            l->first_syntax_error = l->line;
    }
    l->kind = LINE_EMPTY;
    l->line_had_value = false;
}

/* "[title]" as libinih reads it: a ';' after a blank starts a comment. */
static void read_header(loader *l, const char *start, size_t length)
{
    size_t close = 1;
    while (close < length && start[close] != ']' &&
           !(start[close] == ';' && is_blank(start[close - 1])))
        close++;
    if (close >= length || start[close] != ']') {
        report(l, "section header '%s' has no closing ']'", l->shown);
        if (!l->first_syntax_error)
            l->first_syntax_error = l->line;
        l->current = (section){SECTION_IGNORED, -1};
        return;
    }
    size_t after = close + 1;
    while (after < length && (is_blank(start[after]) || start[after] == '\r'))
        after++;
    if (after < length && start[after] != ';' && start[after] != '#')
        report(l, "unexpected text after the section header '%s'", l->shown);
    char title[160];
    copy_trimmed(start + 1, close - 1, title, sizeof title);
    l->current = open_section(l, title, true);
}

static line_kind classify(const char *start, size_t length)
{
    if (length == 0 || (length == 1 && start[0] == '\r') || start[0] == ';' || start[0] == '#')
        return LINE_EMPTY;
    return start[0] == '[' ? LINE_HEADER : LINE_KEY;
}

/* The ini_reader: one physical line per call, leading blanks removed. */
static char *next_line(char *buffer, int size, void *stream)
{
    loader *l = stream;
    finish_line(l);
    if (l->pos >= l->length || size < 2)
        return NULL;
    const char *start = l->text + l->pos;
    const char *newline = memchr(start, '\n', l->length - l->pos);
    const char *end = newline ? newline : l->text + l->length;
    l->pos = (size_t)(end - l->text) + (newline ? 1 : 0);
    l->line++;
    if (l->line == 1 && end - start >= 3 && memcmp(start, "\xef\xbb\xbf", 3) == 0)
        start += 3; /* a UTF-8 byte order mark */
    if (end > start && end[-1] == '\r')
        end--; /* CRLF: libinih would strip it anyway; it must not count against the limit */
    while (start < end && is_blank(*start))
        start++;
    size_t length = (size_t)(end - start);
    copy_trimmed(start, length < SHOWN_MAX ? length : SHOWN_MAX, l->shown, sizeof l->shown);
    if (length > SHOWN_MAX)
        strcat(l->shown, "...");
    if (length + 2 > (size_t)size) {
        report(l, "line is %zu characters long; at most %d fit", length, size - 2);
        if (!l->first_syntax_error)
            l->first_syntax_error = l->line;
        strcpy(buffer, "\n");
        return buffer;
    }
    l->kind = classify(start, length);
    if (l->kind == LINE_HEADER)
        read_header(l, start, length);
    memcpy(buffer, start, length);
    buffer[length] = '\n';
    buffer[length + 1] = '\0';
    return buffer;
}

static int on_value(void *user, const char *section_name, const char *key, const char *value)
{
    loader *l = user;
    (void)section_name; /* the reader tracks sections, headers without keys included */
    l->line_had_value = true;
    apply_value(l, l->current, key, value ? value : "");
    return 1;
}

/* ---- the text as a whole ---- */

/* Length of a valid UTF-8 sequence at p (1..4), or 0. */
static size_t utf8_length(const unsigned char *p, size_t available)
{
    size_t need = p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 ? 2 : 0;
    if (p[0] > 0xf4 || need == 0 || need > available)
        return 0;
    for (size_t i = 1; i < need; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    }
    return need;
}

/* Binary data is rejected as a whole: one message, at its first bad byte. */
static bool text_is_plain(loader *l)
{
    int line = 1;
    size_t line_start = 0;
    const unsigned char *t = (const unsigned char *)l->text;
    for (size_t i = 0; i < l->length;) {
        unsigned char c = t[i];
        int column = (int)(i - line_start) + 1;
        bool crlf = c == '\r' && i + 1 < l->length && t[i + 1] == '\n';
        if (c == '\n') {
            line++;
            line_start = ++i;
            continue;
        }
        if (c == 0) {
            cv_diagnostics_add(l->diag, l->origins.file, line,
                               "NUL byte at column %d: this is a binary file, not a scenario",
                               column);
            return false;
        }
        if ((c < 0x20 && c != '\t' && !crlf) || c == 0x7f) {
            cv_diagnostics_add(l->diag, l->origins.file, line,
                               "control character 0x%02x at column %d: a scenario is plain "
                               "text",
                               c, column);
            return false;
        }
        size_t step = c < 0x80 ? 1 : utf8_length(t + i, l->length - i);
        if (step == 0) {
            cv_diagnostics_add(l->diag, l->origins.file, line,
                               "byte 0x%02x at column %d is not UTF-8 text", c, column);
            return false;
        }
        i += step;
    }
    return true;
}

static bool text_is_blank(const char *text, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        if (!is_blank(text[i]) && text[i] != '\n' && text[i] != '\r')
            return false;
    }
    return true;
}

static void read_text(loader *l)
{
    int result = ini_parse_stream(next_line, l, on_value, l);
    finish_line(l);
    if (result > 0 && result != l->first_syntax_error &&
        (!l->first_syntax_error || result < l->first_syntax_error))
        cv_diagnostics_add(l->diag, l->origins.file, result, "this line cannot be read");
    else if (result < 0)
        cv_diagnostics_add(l->diag, l->origins.file, 0, "libinih failed (%d)", result);
}

/* ---- --set ---- */

static void apply_override(loader *l, const char *text)
{
    const char *equals = strchr(text, '=');
    const char *dot = equals ? memchr(text, '.', (size_t)(equals - text)) : NULL;
    for (const char *p = dot; p && p < equals; p = memchr(p + 1, '.', (size_t)(equals - p - 1)))
        dot = p; /* the last dot: group names have none, keys have none */
    if (!equals || !dot) {
        report(l, "expected section.key=value, e.g. run.buffer=8 or \"consumers slow.count=2\"");
        return;
    }
    char title[160], key[64], value[1024];
    /* A file line has the same room (libinih reports a longer one): never cut. */
    if ((size_t)(dot - text) >= sizeof title || (size_t)(equals - dot - 1) >= sizeof key ||
        strlen(equals + 1) >= sizeof value) {
        report(l, "too long: at most %zu characters of section, %zu of key and %zu of value",
               sizeof title - 1, sizeof key - 1, sizeof value - 1);
        return;
    }
    copy_trimmed(text, (size_t)(dot - text), title, sizeof title);
    copy_trimmed(dot + 1, (size_t)(equals - dot - 1), key, sizeof key);
    copy_trimmed(equals + 1, strlen(equals + 1), value, sizeof value);
    if (title[0] == '\0') {
        report(l, "the section is missing before '.'; e.g. run.buffer=8");
        return;
    }
    section where = open_section(l, title, false);
    apply_value(l, where, key, value);
}

/* ---- after everything is read ---- */

/* "lessons/classic.ini" names the scenario "classic" unless it says otherwise. */
static void default_name(loader *l)
{
    if (l->origins.run[CV_RUN_NAME].set)
        return;
    const char *base = strrchr(l->origins.file, '/');
    base = base ? base + 1 : l->origins.file;
    size_t length = strcspn(base, ".");
    char stem[CV_NAME_MAX];
    copy_trimmed(base, length, stem, sizeof stem);
    char why[WHY_MAX];
    if (stem[0] != '\0')
        cv_value_text(stem, CV_NAME_MAX, l->s->name, why, sizeof why);
}

static void require_group_keys(loader *l)
{
    static const cv_group_key required[] = {CV_GROUP_COUNT, CV_GROUP_WORK};
    for (uint32_t i = 0; i < l->s->group_count; i++) {
        cv_group *g = &l->s->groups[i];
        char title[CV_NAME_MAX + 16];
        cv_group_section_title(g, title, sizeof title);
        for (size_t k = 0; k < 2; k++) {
            if (!l->origins.groups[i][required[k]].set)
                cv_diagnostics_add(l->diag, l->origins.file, g->line,
                                   "%s is missing the required key '%s'", title,
                                   cv_group_key_names[required[k]]);
        }
    }
}

/* A --set key changed the value the file gave (or the default). */
static bool changed_by_set(const loader *l, cv_run_key key, bool changed)
{
    return l->origins.run[key].set && l->origins.run[key].override > 0 && changed;
}

static void note_changed(char *out, size_t out_size, const char *key)
{
    if (out[0] == '\0')
        snprintf(out, out_size, "run.%s", key);
}

/*
 * A lesson's own "Try: --set ..." must not turn its [expect] into a failure:
 * a shorter run lowers min_items in proportion, and a --set that changes what
 * a claim is about leaves that claim unchecked (the CLI says so, once).
 */
static void adapt_expect_to_overrides(loader *l)
{
    cv_expect *e = &l->s->expect;
    const cv_scenario *file = &l->file;
    if (!e->set)
        return;
    bool min_from_file = l->origins.expect[CV_EXPECT_MIN_ITEMS].override == 0;
    if (changed_by_set(l, CV_RUN_ITEMS, l->s->items < file->items) && min_from_file &&
        e->min_items > 0 && file->items > 0) {
        uint64_t scaled = e->min_items * l->s->items / file->items;
        e->min_items_in_file = e->min_items;
        e->min_items = scaled > 0 ? scaled : 1;
    }
    if (l->origins.expect[CV_EXPECT_OUTCOME].override == 0 &&
        changed_by_set(l, CV_RUN_SYNC, l->s->sync != file->sync))
        note_changed(e->outcome_changed_by, sizeof e->outcome_changed_by,
                     cv_run_key_names[CV_RUN_SYNC]);
    static const cv_run_key timing[] = {CV_RUN_SYNC, CV_RUN_GIL, CV_RUN_BACKEND, CV_RUN_CORES};
    bool differs[] = {l->s->sync != file->sync, l->s->gil != file->gil,
                      l->s->backend != file->backend, l->s->cores != file->cores};
    if (l->origins.expect[CV_EXPECT_MAX_ELAPSED].override > 0)
        return;
    for (size_t i = 0; i < sizeof timing / sizeof timing[0]; i++) {
        if (changed_by_set(l, timing[i], differs[i]))
            note_changed(e->max_elapsed_changed_by, sizeof e->max_elapsed_changed_by,
                         cv_run_key_names[timing[i]]);
    }
}

static void finish(loader *l)
{
    default_name(l);
    adapt_expect_to_overrides(l);
    /* A duration alone ends the run by time: items must not end it first. */
    if (!l->origins.run[CV_RUN_ITEMS].set && l->s->duration_ns > 0)
        l->s->items = CV_MAX_ITEMS;
    require_group_keys(l);
    /* Rules across keys only make sense once every key read cleanly. */
    if (l->diag->count == 0)
        cv_scenario_check(l->s, &l->origins, l->diag);
}

/* Problems found late (a missing key) go back among the lines they belong to;
 * the file's own come before those of --set arguments. */
static void sort_by_place(cv_diagnostics *diag, const char *file)
{
    for (int i = 1; i < diag->count; i++) {
        cv_error moving = diag->items[i];
        bool moving_is_file = strcmp(moving.file, file) == 0;
        int j = i;
        for (; j > 0; j--) {
            const cv_error *before = &diag->items[j - 1];
            bool before_is_file = strcmp(before->file, file) == 0;
            bool after =
                before_is_file == moving_is_file ? before->line > moving.line : !before_is_file;
            if (!after)
                break;
            diag->items[j] = diag->items[j - 1];
        }
        diag->items[j] = moving;
    }
}

static cv_status load_text(const char *text, size_t length, const char *display_name,
                           const char *const *overrides, size_t override_count, cv_scenario *out,
                           cv_diagnostics *diag)
{
    loader l;
    memset(&l, 0, sizeof l);
    l.s = out;
    l.diag = diag;
    l.origins.file = display_name;
    l.origins.overrides = overrides;
    l.text = text;
    l.length = length;
    cv_scenario_defaults(out);
    snprintf(out->path, sizeof out->path, "%s", display_name);
    if (length > CV_MAX_SCENARIO_BYTES) {
        cv_diagnostics_add(diag, display_name, 0,
                           "the file is %zu bytes; a scenario may be at most %d bytes (1 MiB)",
                           length, CV_MAX_SCENARIO_BYTES);
        return CV_ERR_SCENARIO;
    }
    if (text_is_blank(text, length)) {
        cv_diagnostics_add(diag, display_name, 0,
                           "the file is empty; a scenario needs at least a [producers] and a "
                           "[consumers] section");
        return CV_ERR_SCENARIO;
    }
    if (!text_is_plain(&l))
        return CV_ERR_SCENARIO;
    read_text(&l);
    l.file = *out;
    l.line = 0;
    for (size_t i = 0; i < override_count; i++) {
        l.override = (int)i + 1;
        apply_override(&l, overrides[i] ? overrides[i] : "");
    }
    l.override = 0;
    finish(&l);
    sort_by_place(diag, display_name);
    return diag->count > 0 || diag->suppressed > 0 ? CV_ERR_SCENARIO : CV_OK;
}

cv_status cv_scenario_load_string(const char *text, size_t length, const char *display_name,
                                  const char *const *overrides, size_t override_count,
                                  cv_scenario *out, cv_diagnostics *diag)
{
    cv_diagnostics local;
    if (!diag)
        diag = &local;
    cv_diagnostics_clear(diag);
    if (!display_name)
        display_name = "<string>";
    return load_text(text ? text : "", text ? length : 0, display_name, overrides, override_count,
                     out, diag);
}

cv_status cv_scenario_load_file(const char *path, const char *const *overrides,
                                size_t override_count, cv_scenario *out, cv_diagnostics *diag)
{
    cv_diagnostics local;
    if (!diag)
        diag = &local;
    cv_diagnostics_clear(diag);
    if (!path || path[0] == '\0') {
        cv_diagnostics_add(diag, "", 0, "no scenario file given");
        return CV_ERR_INPUT;
    }
    FILE *file = fopen(path, "rb");
    if (!file) {
        cv_diagnostics_add(diag, path, 0, "cannot open: %s", strerror(errno));
        return CV_ERR_INPUT;
    }
    struct stat info;
    if (fstat(fileno(file), &info) == 0 && S_ISDIR(info.st_mode)) {
        fclose(file);
        cv_diagnostics_add(diag, path, 0, "is a directory, not a scenario file");
        return CV_ERR_INPUT;
    }
    /* One byte more than allowed tells a too-large file from a full one. */
    char *text = malloc(CV_MAX_SCENARIO_BYTES + 1);
    if (!text) {
        fclose(file);
        cv_diagnostics_add(diag, path, 0, "out of memory");
        return CV_ERR_NOMEM;
    }
    size_t length = fread(text, 1, CV_MAX_SCENARIO_BYTES + 1, file);
    bool failed = ferror(file);
    int saved = errno;
    fclose(file);
    cv_status status = CV_ERR_INPUT;
    if (failed)
        cv_diagnostics_add(diag, path, 0, "cannot read: %s", strerror(saved));
    else if (length > CV_MAX_SCENARIO_BYTES)
        cv_diagnostics_add(diag, path, 0,
                           "the file is larger than %d bytes (1 MiB), too large "
                           "for a scenario",
                           CV_MAX_SCENARIO_BYTES);
    else
        status = load_text(text, length, path, overrides, override_count, out, diag);
    if (!failed && length > CV_MAX_SCENARIO_BYTES)
        status = CV_ERR_SCENARIO;
    free(text);
    return status;
}
