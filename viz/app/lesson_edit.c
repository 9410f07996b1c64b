/*
 * lesson_edit.c — see lesson_edit.h. The description names the edits in the
 * words of the set-up line (counts per role, the backend), so a student sees
 * what differs from the lesson without reading the file.
 */
#include "app/lesson_edit.h"

#include <stdio.h>
#include <string.h>

/* Workers of one role in all groups. */
static uint32_t role_count(const cv_scenario *s, cv_role role)
{
    uint32_t total = 0;
    for (uint32_t i = 0; i < s->group_count; i++) {
        if (s->groups[i].role == role)
            total += s->groups[i].count;
    }
    return total;
}

static void append(char *out, size_t size, const char *fmt, const char *word, uint32_t n)
{
    size_t used = strlen(out);
    if (used + 1 >= size)
        return;
    snprintf(out + used, size - used, fmt, used > 0 ? ", " : "", n, word, n == 1 ? "" : "s");
}

void cv_lesson_edit_describe(const cv_scenario *original, cv_scenario *edited)
{
    char changes[160] = "";
    static const cv_role roles[] = {CV_ROLE_PRODUCER, CV_ROLE_CONSUMER};
    static const char *const words[] = {"producer", "consumer"};
    for (size_t r = 0; r < 2; r++) {
        uint32_t now = role_count(edited, roles[r]);
        if (now != role_count(original, roles[r]))
            append(changes, sizeof changes, "%s%u %s%s", words[r], now);
    }
    if (edited->backend != original->backend) {
        size_t used = strlen(changes);
        snprintf(changes + used, sizeof changes - used, "%s%s", used > 0 ? ", " : "",
                 cv_backend_name(edited->backend));
    }
    if (changes[0] == '\0') {
        memcpy(edited->description, original->description, sizeof edited->description);
        return;
    }
    if (original->description[0] == '\0') {
        snprintf(edited->description, sizeof edited->description, "edited: %s", changes);
        return;
    }
    /* The lesson's words are cut at the end of the buffer when they do not fit. */
    int used = snprintf(edited->description, sizeof edited->description,
                        "edited: %s \xC2\xB7 as written: ", changes);
    size_t at = used > 0 ? (size_t)used : 0;
    size_t room = sizeof edited->description - 1 - at;
    size_t length = strnlen(original->description, sizeof original->description);
    size_t kept = length < room ? length : room;
    memcpy(edited->description + at, original->description, kept);
    edited->description[at + kept] = '\0';
}
