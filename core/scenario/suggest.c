/*
 * suggest.c — the closest known name to a misspelt one, by optimal string
 * alignment distance (Levenshtein plus swapped neighbours, the commonest
 * typo). A suggestion is only offered when it is plausible: at most one
 * edit for short words, two for longer ones, so "zzz" gets no suggestion.
 */
#include "suggest.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

/* Names we compare are short; longer input is never a typo of them. */
#define MAX_COMPARED 64

static size_t min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;
    return m < c ? m : c;
}

size_t cv_edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > MAX_COMPARED || m > MAX_COMPARED)
        return n > m ? n : m;
    size_t d[MAX_COMPARED + 1][MAX_COMPARED + 1];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = min3(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < d[i][j])
                d[i][j] = d[i - 2][j - 2] + 1;
        }
    }
    return d[n][m];
}

static bool same_ignoring_case(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
    }
    return *a == *b;
}

const char *cv_suggest(const char *word, const char *const *candidates, size_t count)
{
    const char *best = NULL;
    size_t best_distance = (size_t)-1;
    for (size_t i = 0; i < count; i++) {
        if (same_ignoring_case(word, candidates[i]))
            return candidates[i];
        size_t distance = cv_edit_distance(word, candidates[i]);
        if (distance < best_distance) {
            best_distance = distance;
            best = candidates[i];
        }
    }
    if (!best)
        return NULL;
    size_t allowed = strlen(best) <= 4 ? 1 : 2;
    return best_distance <= allowed ? best : NULL;
}
