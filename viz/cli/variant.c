/*
 * variant.c — see variant.h. Short forms are expanded to the full
 * `section.key=value` so that every variant reaches the loader in --set's
 * own words, and the pane shows what was really changed.
 */
#include "variant.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* [run] keys a variant may name without their section. */
static const char *const run_keys[] = {
    "backend", "buffer", "items",           "duration",        "seed",
    "gil",     "sync",   "switch_interval", "deadlock_timeout"};

typedef struct word_form {
    const char *word;
    const char *override;
} word_form;

static const word_form words[] = {
    {"threads", "run.backend=threads"},
    {"processes", "run.backend=processes"},
    {"gil", "run.gil=on"},
    {"no-gil", "run.gil=off"},
};

static void trim(const char *start, size_t length, char *out, size_t size)
{
    while (length > 0 && isspace((unsigned char)*start)) {
        start++;
        length--;
    }
    while (length > 0 && isspace((unsigned char)start[length - 1]))
        length--;
    if (length >= size)
        length = size - 1;
    memcpy(out, start, length);
    out[length] = '\0';
}

static const char *word_override(const char *part)
{
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (strcmp(part, words[i].word) == 0)
            return words[i].override;
    }
    return NULL;
}

/* Does part begin a new override ("key=...", "section.key=...", or a short word)? */
static bool starts_override(const char *part)
{
    if (word_override(part))
        return true;
    const char *equals = strchr(part, '=');
    if (!equals || equals == part)
        return false;
    for (const char *p = part; p < equals; p++) {
        if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-' && *p != '.' && *p != ' ')
            return false;
    }
    return true;
}

/* Write the override; false (and why) when it does not fit. */
static bool put(char *out, size_t size, const char *prefix, const char *key, const char *value,
                char *why, size_t why_size)
{
    int length = snprintf(out, size, "%s%s%s", prefix, key, value);
    if (length < 0 || (size_t)length >= size) {
        snprintf(why, why_size, "longer than %zu characters", size - 1);
        return false;
    }
    return true;
}

/* The full override for one part, or false with why. */
static bool expand(const char *part, char *out, size_t size, char *why, size_t why_size)
{
    const char *word = word_override(part);
    if (word)
        return put(out, size, "", word, "", why, why_size);
    const char *equals = strchr(part, '=');
    if (!equals) {
        snprintf(why, why_size,
                 "'%s' is not section.key=value, and not a short form (threads, processes, gil, "
                 "no-gil, KEY=VALUE for a [run] key)",
                 part);
        return false;
    }
    char key[64];
    trim(part, (size_t)(equals - part), key, sizeof key);
    if (memchr(part, '.', (size_t)(equals - part)))
        return put(out, size, "", part, "", why, why_size);
    const char *value = equals + 1;
    for (size_t i = 0; i < sizeof run_keys / sizeof run_keys[0]; i++) {
        if (strcmp(key, run_keys[i]) == 0)
            return put(out, size, "run.", key, value - 1, why, why_size);
    }
    if (strcmp(key, "producers") == 0 || strcmp(key, "consumers") == 0)
        return put(out, size, key, ".count", value - 1, why, why_size);
    snprintf(why, why_size,
             "'%s': '%s' is no [run] key; write section.key=value, e.g. consumers.count=4", part,
             key);
    return false;
}

/* Split at top-level commas; a piece that does not start an override joins the one before. */
static int split(const char *argument, char parts[][CV_VARIANT_TEXT_MAX], char *why,
                 size_t why_size)
{
    int count = 0, depth = 0;
    const char *start = argument;
    for (const char *p = argument;; p++) {
        if (*p == '(')
            depth++;
        else if (*p == ')' && depth > 0)
            depth--;
        if (*p != '\0' && (*p != ',' || depth > 0))
            continue;
        char piece[CV_VARIANT_TEXT_MAX];
        trim(start, (size_t)(p - start), piece, sizeof piece);
        if (count > 0 && piece[0] != '\0' && !starts_override(piece)) {
            size_t used = strlen(parts[count - 1]);
            snprintf(parts[count - 1] + used, CV_VARIANT_TEXT_MAX - used, ", %s", piece);
        } else if (piece[0] == '\0') {
            snprintf(why, why_size, "an empty part between commas");
            return -1;
        } else if (count == CV_VARIANT_OVERRIDES_MAX) {
            snprintf(why, why_size, "more than %d overrides in one --vs", CV_VARIANT_OVERRIDES_MAX);
            return -1;
        } else {
            snprintf(parts[count++], CV_VARIANT_TEXT_MAX, "%s", piece);
        }
        if (*p == '\0')
            break;
        start = p + 1;
    }
    return count;
}

bool cv_variant_parse(const char *argument, cv_variant *out, char *why, size_t why_size)
{
    memset(out, 0, sizeof *out);
    if (strlen(argument) >= CV_VARIANT_TEXT_MAX) {
        snprintf(why, why_size, "longer than %d characters", CV_VARIANT_TEXT_MAX - 1);
        return false;
    }
    char trimmed[CV_VARIANT_TEXT_MAX];
    trim(argument, strlen(argument), trimmed, sizeof trimmed);
    if (trimmed[0] == '\0') {
        snprintf(why, why_size, "empty; give section.key=value, e.g. run.backend=processes");
        return false;
    }
    char parts[CV_VARIANT_OVERRIDES_MAX][CV_VARIANT_TEXT_MAX];
    int count = split(trimmed, parts, why, why_size);
    if (count < 0)
        return false;
    size_t used = 0;
    for (int i = 0; i < count; i++) {
        char full[CV_VARIANT_TEXT_MAX];
        if (!expand(parts[i], full, sizeof full, why, why_size))
            return false;
        size_t length = strlen(full);
        if (used + length + 1 > sizeof out->storage ||
            strlen(out->label) + length + 2 >= sizeof out->label) {
            snprintf(why, why_size, "longer than %d characters", CV_VARIANT_TEXT_MAX - 1);
            return false;
        }
        memcpy(out->storage + used, full, length + 1);
        out->overrides[out->override_count++] = out->storage + used;
        used += length + 1;
        if (i > 0)
            strcat(out->label, ", ");
        strcat(out->label, full);
    }
    return true;
}
