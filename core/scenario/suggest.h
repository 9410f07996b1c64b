/*
 * suggest.h — private: "did you mean" for misspelt names. The scenario
 * loader offers the closest known section, key or value when a name is not
 * known, so `buffr` gets the answer `buffer` instead of just "unknown".
 */
#ifndef CONVEYOR_SUGGEST_H
#define CONVEYOR_SUGGEST_H

#include <stddef.h>

/* Edits (insert, delete, substitute, swap two neighbours) from a to b. */
size_t cv_edit_distance(const char *a, const char *b);

/*
 * The candidate closest to word, or NULL if none is close enough to be what
 * was meant: a different case, or a few edits for longer words.
 */
const char *cv_suggest(const char *word, const char *const *candidates, size_t count);

#endif
