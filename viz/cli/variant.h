/*
 * variant.h — one `--vs` argument of `conveyor compare` and `conveyor sweep`:
 * the overrides that turn the scenario into the variant to compare with.
 *
 * The syntax is --set's, several joined by commas
 * (`--vs run.gil=on,run.backend=processes`), plus short forms for the common
 * contrasts that cannot be misread: `threads`, `processes`, `gil`, `no-gil`,
 * a [run] key without its section (`gil=on`, `buffer=1`, `sync=condvar`) and
 * `producers=N` / `consumers=N` for the unnamed groups' counts. A comma
 * inside parentheses or before words that are not a new key=value belongs to
 * the value (`consumers.work=cpu 1ms, io uniform(1ms, 2ms)`). Only the shape
 * is checked here; the scenario loader checks keys and values, as for --set.
 */
#ifndef CONVEYOR_CLI_VARIANT_H
#define CONVEYOR_CLI_VARIANT_H

#include <stdbool.h>
#include <stddef.h>

#define CV_VARIANT_OVERRIDES_MAX 16
#define CV_VARIANT_TEXT_MAX 1024

typedef struct cv_variant {
    char label[CV_VARIANT_TEXT_MAX]; /* the overrides spelled out: "run.backend=processes" */
    char storage[CV_VARIANT_TEXT_MAX + CV_VARIANT_OVERRIDES_MAX * 8];
    const char *overrides[CV_VARIANT_OVERRIDES_MAX]; /* into storage, each "section.key=value" */
    size_t override_count;
} cv_variant;

/*
 * Parse one --vs argument into out. Returns false, with why saying what is
 * wrong in words for the user, for an empty argument or part, a word that is
 * no short form, a key=value whose key has no section and is no [run] key or
 * group count, more than CV_VARIANT_OVERRIDES_MAX parts, or a text too long.
 */
bool cv_variant_parse(const char *argument, cv_variant *out, char *why, size_t why_size);

#endif
